import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { byzopt, byzoptInProcess, tempDir } from "../helpers/cli.js";
import { expectConforms } from "../helpers/schemas.js";

const dir = tempDir();
afterAll(() => dir.remove());

describe("byzopt verify explore", () => {
  it("counts dBFT 2.0 with a dead node as the spec does, finds the lock, saves it and exits 1", () => {
    const out = join(dir.path, "explore");
    const r = byzopt(["verify", "explore", "--protocol", "dbft2.0", "--max-view", "1", "--dead", "0", "--no-symmetry", "--out", out]);
    expect(r.status, r.stderr).toBe(1);
    expect(r.stdout).toContain("complete: 167,048 distinct states");
    expect(r.stdout).toContain("depth 27");
    expect(r.stdout).toContain("liveness: VIOLATED: 854 lock states");
    expect(r.stdout).toContain("safety: no fork within the bound (MaxView 1): proved within the bound");
    expectConforms("schedule", join(out, "lock.json"));
    expectConforms("trace", join(out, "lock.trace.json"));
    expect(readFileSync(join(out, "lock.svg"), "utf8").startsWith("<svg")).toBe(true);
    expect(readFileSync(join(out, "lock.html"), "utf8")).toContain("RMDead {0}");
    const check = byzopt(["verify", "trace", join(out, "lock.trace.json"), "--json"]);
    expect(check.status, check.stderr).toBe(0);
    expect(JSON.parse(check.stdout)).toMatchObject({ source: "model", verdict: "accepted", sets: [{ rules: "rule set dbft2.0", checked: 3, ok: true }] });
    const replay = byzopt(["verify", "replay", join(out, "lock.json"), "--json"]);
    expect(replay.status, replay.stderr).toBe(0);
    expect(JSON.parse(replay.stdout)).toMatchObject({ reproduced: true, outcome: "lock" });
  });

  it("says 'no lock within the bound', never 'live', and exits 0 when nothing is found; --json carries the counts", async () => {
    const r = await byzoptInProcess(["verify", "explore", "--protocol", "cv3", "--max-view", "0", "--dead", "1", "--json"]);
    expect(r.status, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ complete: true, forks: 0, locks: 0, firstLock: null, config: { protocol: "cv3", dead: [1], pool: "shared" } });
    const text = await byzoptInProcess(["verify", "explore", "--protocol", "cv3", "--max-view", "0", "--dead", "1"]);
    expect(text.stdout).toContain("liveness: no lock within the bound (MaxView 0) (not a proof of liveness beyond it)");
    expect(text.stdout).not.toMatch(/\blive\b(?! within)/i);
  });

  it("a stopped run says INCOMPLETE and proves nothing", async () => {
    const r = await byzoptInProcess(["verify", "explore", "--protocol", "cv3", "--max-view", "1", "--max-states", "20000"]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/INCOMPLETE: stopped by the state limit/);
    expect(r.stdout).toContain("(not a proof)");
  });

  it("refuses a scope the models do not allow, in one line, exit 2", async () => {
    for (const args of [
      ["--dead", "0", "--faulty", "1"],
      ["--dead", "7"],
      ["--protocol", "multipool", "--pool", "shared"],
      ["--dead", "x"],
    ]) {
      const r = await byzoptInProcess(["verify", "explore", ...args]);
      expect(r.status, args.join(" ")).toBe(2);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
    }
  });
});

describe("byzopt verify dbft --protocol", () => {
  it("finds S1's lock on antimev at N=7 and saves a replayable schedule", async () => {
    const out = join(dir.path, "walk");
    const r = await byzoptInProcess(["verify", "dbft", "--protocol", "antimev", "--n", "7", "--dead", "2", "--runs", "2000", "--out", out, "--json"]);
    expect(r.status, r.stderr).toBe(1);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ verdict: "violated", failure: { property: "liveness" }, config: { protocol: "antimev", n: 7, dead: [5, 6], maxView: 2 } });
    const replay = await byzoptInProcess(["verify", "replay", j.files.schedule]);
    expect(replay.status, replay.stdout).toBe(0);
    expect(replay.stdout).toContain("reproduced (expected: lock)");
  });

  it("reports 'not found in R runs' when the search finds nothing", async () => {
    const r = await byzoptInProcess(["verify", "dbft", "--protocol", "cv3", "--n", "4", "--dead", "1", "--runs", "300"]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain("not found in 300 runs (not a proof)");
  });

  it("keeps --pool and --commit-count to the rule-set models", async () => {
    const r = await byzoptInProcess(["verify", "dbft", "--n", "4", "--pool", "local"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--pool and --commit-count apply to the rule-set models/);
  });
});

describe("model traces", () => {
  it("replay --trace writes S5's run; verify trace holds it to its rule set and flags the fork; a tampered trace is rejected", async () => {
    const trace = join(dir.path, "s5.trace.json");
    const r = await byzoptInProcess(["verify", "replay", join("instances", "dbft-scenarios", "S5-ccv-view2-fork.json"), "--trace", trace, "--svg", join(dir.path, "s5.svg")]);
    expect(r.status, r.stderr).toBe(0);
    const check = await byzoptInProcess(["verify", "trace", trace, "--json"]);
    expect(check.status).toBe(1);
    const j = JSON.parse(check.stdout);
    expect(j.sets[0].violations.map((v: { rule: string }) => v.rule)).toEqual(["noFork"]);
    const t = JSON.parse(readFileSync(trace, "utf8"));
    const tampered = join(dir.path, "tampered.json");
    writeFileSync(tampered, JSON.stringify({ ...t, events: t.events.filter((e: { type: string }, k: number) => !(e.type === "send" && k === t.events.findIndex((x: { type: string }) => x.type === "send"))) }));
    const bad = await byzoptInProcess(["verify", "trace", tampered, "--json"]);
    expect(bad.status).toBe(1);
    expect(JSON.parse(bad.stdout).sets[0].violations.map((v: { rule: string }) => v.rule)).toContain("eventsMatch");
    const wrongSet = await byzoptInProcess(["verify", "trace", trace, "--rules", "protocol"]);
    expect(wrongSet.status).toBe(2);
    expect(wrongSet.stderr).toMatch(/checked against its own rule set/);
  });
});

describe("byzopt verify replay with schedules", () => {
  it("replays S2 under both commit counts: locked with `current`, open with `any`", async () => {
    const file = join("instances", "dbft-scenarios", "S2-four-good-nodes.json");
    const current = await byzoptInProcess(["verify", "replay", file]);
    expect(current.status, current.stdout).toBe(0);
    expect(current.stdout).toContain("ends: lock; nodes cv@1, cv@1, commitSent@0, commitSent@1");
    const any = await byzoptInProcess(["verify", "replay", file, "--commit-count", "any", "--json"]);
    expect(any.status).toBe(0);
    expect(JSON.parse(any.stdout)).toMatchObject({ outcome: "open", reproduced: true });
  });

  it("a step that is not enabled is named with what is enabled, and the verdict is NOT reproduced (exit 1)", async () => {
    const file = join(dir.path, "bad-step.json");
    const s = JSON.parse(readFileSync(join("instances", "dbft-scenarios", "S1-dead-node-lock.json"), "utf8"));
    writeFileSync(file, JSON.stringify({ ...s, steps: ["n0 PReq", "n0 dies", "n1 Commit"] }));
    const r = await byzoptInProcess(["verify", "replay", file]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('step 3 "n1 Commit" is not enabled; enabled there: n1 PResp; n2 PResp; n3 PResp; n1 CV; n2 CV; n3 CV');
    expect(r.stdout).toContain("NOT reproduced");
  });

  it("a malformed schedule is refused in one line, exit 2", async () => {
    const file = join(dir.path, "malformed.json");
    writeFileSync(file, JSON.stringify({ format: "byzopt.dbft-schedule/1", name: "x", title: "x", config: { protocol: "dbft9" }, steps: [], expect: [] }));
    const r = await byzoptInProcess(["verify", "replay", file]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toContain("config.protocol");
  });
});
