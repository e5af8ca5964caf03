import { type Book, bookFromOrders } from "./book.js";
import { clearBook } from "./clearing.js";
import { type Flows, greedyMatch } from "./greedy.js";
import type { Order } from "./orders.js";
import { allocationWelfare } from "./welfare.js";

/** A market of rounds: orders arrive, wait, trade (possibly in part) and leave. */
export interface MarketConfig {
  /** Number of rounds to run. */
  readonly rounds: number;
  /** New orders per round. */
  readonly traders: number;
  /** Chance that a resting order leaves before a round's clearing. */
  readonly departure: number;
  /** Prices are integers uniform in [priceMin, priceMax], the same range for buyers and sellers. */
  readonly priceMin: number;
  /** Upper end of the price range (inclusive). */
  readonly priceMax: number;
  /** Quantities are uniform in 1..maxQuantity. */
  readonly maxQuantity: number;
}

/** Default market settings other than the number of rounds and traders. */
export const DEFAULT_MARKET: Omit<MarketConfig, "rounds" | "traders"> = { departure: 0.1, priceMin: 80, priceMax: 120, maxQuantity: 10 };

/** What happened in one round of {@link simulateMarket}. */
export interface RoundReport {
  /** Round number, from 1. */
  readonly round: number;
  /** New orders this round. */
  readonly arrivals: number;
  /** Resting orders that left before the clearing. */
  readonly departures: number;
  /** Orders in the book when it cleared (new and carried over). */
  readonly orders: number;
  /** Units offered by sellers in the book. */
  readonly supply: number;
  /** Units wanted by buyers in the book. */
  readonly demand: number;
  /** Clearing price; null when nothing could trade. */
  readonly price: number | null;
  /** Units traded. */
  readonly volume: number;
  /** Transactions of the matching. */
  readonly trades: number;
  /** Reported gains from trade of the round (true values: traders report truthfully here). */
  readonly welfare: number;
  /** Orders (some cut) left in the book for the next round. */
  readonly carried: number;
}

/** Procedure 3: splits the traded units into seller–buyer transactions (greedy, or an exact MILP). */
export type Matcher = (book: Book, traded: Float64Array) => Flows | Promise<Flows>;

/**
 * Runs the rounds. `random` returns uniform numbers in [0, 1) (pass a seeded generator: the market is a
 * pure function of it); `matcher` defaults to the paper's greedy. An order that traded in part stays with
 * its remaining units, keeping its id and arrival round (so it keeps its place in ties).
 */
export async function simulateMarket(config: MarketConfig, random: () => number, matcher: Matcher = greedyMatch): Promise<RoundReport[]> {
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  let resting: Order[] = [];
  const reports: RoundReport[] = [];
  for (let round = 1; round <= config.rounds; round++) {
    const before = resting.length;
    resting = resting.filter(() => random() >= config.departure);
    const departures = before - resting.length;
    for (let k = 1; k <= config.traders; k++) {
      resting.push({ id: `r${round}-${k}`, side: random() < 0.5 ? "buy" : "sell", price: int(config.priceMin, config.priceMax), quantity: int(1, config.maxQuantity), round });
    }
    const book = bookFromOrders(resting);
    const clearing = clearBook(book);
    const flows = clearing.volume > 0 ? await matcher(book, clearing.traded) : { count: 0 };
    reports.push({
      round,
      arrivals: config.traders,
      departures,
      orders: resting.length,
      supply: clearing.supply,
      demand: clearing.demand,
      price: clearing.price,
      volume: clearing.volume,
      trades: flows.count,
      welfare: allocationWelfare(book, clearing.traded),
      carried: 0,
    });
    resting = resting.flatMap((o, k) => {
      const left = o.quantity - clearing.traded[k]!;
      return left > 0 ? [{ ...o, quantity: left }] : [];
    });
    reports[reports.length - 1] = { ...reports[reports.length - 1]!, carried: resting.length };
  }
  return reports;
}
