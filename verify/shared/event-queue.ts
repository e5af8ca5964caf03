/** A binary min-heap of events ordered by (time, creation order): the same run always pops the same order. */
export class EventQueue<T> {
  private readonly time: number[] = [];
  private readonly order: number[] = [];
  private readonly items: T[] = [];
  private created = 0;

  get size(): number {
    return this.items.length;
  }

  push(time: number, item: T): void {
    let i = this.items.length;
    this.time.push(time);
    this.order.push(this.created++);
    this.items.push(item);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(i, p)) break;
      this.swap(i, p);
      i = p;
    }
  }

  peekTime(): number {
    return this.time[0];
  }

  pop(): T {
    const top = this.items[0];
    const last = this.items.length - 1;
    this.swap(0, last);
    this.time.pop();
    this.order.pop();
    this.items.pop();
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < last && this.less(l, m)) m = l;
      if (r < last && this.less(r, m)) m = r;
      if (m === i) break;
      this.swap(i, m);
      i = m;
    }
    return top;
  }

  private less(a: number, b: number): boolean {
    return this.time[a] < this.time[b] || (this.time[a] === this.time[b] && this.order[a] < this.order[b]);
  }

  private swap(a: number, b: number): void {
    const t = this.time[a];
    this.time[a] = this.time[b];
    this.time[b] = t;
    const o = this.order[a];
    this.order[a] = this.order[b];
    this.order[b] = o;
    const x = this.items[a];
    this.items[a] = this.items[b];
    this.items[b] = x;
  }
}
