/**
 * A real single-node Slurm cluster (munged, slurmctld, slurmd) in a temporary directory, for the tests that
 * submit byzopt grids with `--slurm --submit`. Everything the daemons write (key, sockets, state, spool,
 * pid and log files) is inside that directory; the clients (sbatch, squeue, scontrol, sinfo) find the
 * cluster through SLURM_CONF, which `env` holds.
 *
 * Nothing it starts may outlive the tests. A cluster is registered (stopSlurmClusters() stops it) before
 * its first daemon starts, so an afterAll that calls stopSlurmClusters() stops it even when the beforeAll
 * that started it timed out and start-up is still under way (start-up then gives up at its next step).
 * Stopping cancels the cluster's jobs, stops the daemons by their pid files, then kills whatever is left
 * that carries `SLURM_CONF=<this cluster's slurm.conf>` in its environment: every daemon (started with
 * it), slurmstepd (which inherits slurmd's environment) and the jobs' processes (sbatch exports the
 * submitter's environment), and nothing that is not ours. SIGINT, SIGTERM, SIGHUP and the process's exit
 * do the same synchronously (with SIGKILL) when the test process ends before stopping its clusters.
 *
 * Every wait is bounded, as a hang guard only, never as a verdict: start-up takes at most START_BUDGET_MS
 * (well inside vitest's hookTimeout of 180 s), stopping about STOP_BUDGET_MS, waitForJobs its budget.
 */
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { availableParallelism, hostname, tmpdir, totalmem, userInfo } from "node:os";
import { delimiter, join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

export interface SlurmCluster {
  /** What a Slurm client (sbatch, or byzopt calling it) needs in its environment to reach this cluster. */
  env: { SLURM_CONF: string };
  /** The temporary directory holding the configuration, state and logs. */
  dir: string;
  /**
   * Polls `scontrol show job` until every listed job (each task of an array job) is in a final state, and
   * returns those states per job id (one per task of an array: COMPLETED, FAILED, CANCELLED, TIMEOUT, ...).
   * `budgetMs` only guards against a hang: past it, this throws with the jobs' states and the daemons' logs.
   */
  waitForJobs(ids: readonly string[], budgetMs?: number): Promise<Record<string, string[]>>;
  /** The last lines of the daemons' logs, for a failure message. */
  logTail(lines?: number): string;
  /** Cancels the cluster's jobs, stops its daemons and removes the directory; safe to call more than once. */
  stop(): Promise<void>;
}

/** The whole start-up, from the first daemon to an idle node (vitest's hookTimeout is 180 s). */
const START_BUDGET_MS = 90_000;
/** One daemon's start command (it forks into the background and returns). */
const DAEMON_START_TIMEOUT_MS = 15_000;
/** How long a started daemon may take to write its pid file. */
const PID_FILE_WAIT_MS = 10_000;
/** One client call (sinfo, squeue, scontrol, scancel). */
const CLIENT_TIMEOUT_MS = 10_000;
/** Stopping a cluster: its jobs, its daemons, what is left of them (afterAll's timeout is 120 s). */
const STOP_BUDGET_MS = 60_000;
/** waitForJobs' default budget (vitest's testTimeout is 600 s). */
export const WAIT_BUDGET_MS = 400_000;

const DAEMONS = ["munged", "slurmctld", "slurmd"] as const;
const CLIENTS = ["sbatch", "squeue", "scontrol", "sinfo", "scancel"] as const;
type Daemon = (typeof DAEMONS)[number];

/** Job states after which a job does nothing more (squeue(1), JOB STATE CODES). */
const FINAL_STATES = new Set(["COMPLETED", "FAILED", "CANCELLED", "TIMEOUT", "NODE_FAIL", "PREEMPTED", "BOOT_FAIL", "DEADLINE", "OUT_OF_MEMORY", "SPECIAL_EXIT", "REVOKED"]);

// ---- Every cluster started and not yet stopped, and what stops them when the process ends. ----

interface Registered {
  /** Stops the cluster (as SlurmCluster.stop). */
  stop(): Promise<void>;
  /** Kills at once, synchronously, everything of the cluster still running (for exit and signals). */
  killNow(): void;
}
const registry = new Set<Registered>();
const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/**
 * Stops every cluster started in this process and not yet stopped, including one whose start-up has not
 * returned yet (its start-up gives up): what an afterAll calls, whatever its beforeAll did.
 */
export async function stopSlurmClusters(): Promise<void> {
  await Promise.all([...registry].map((c) => c.stop()));
}

const onExit = (): void => {
  for (const c of [...registry]) c.killNow();
};
const onSignal = (signal: NodeJS.Signals): void => {
  onExit();
  unlisten();
  // Then what the signal would have done without this listener (end the process), unless another
  // listener handles it.
  if (process.listenerCount(signal) === 0) kill(process.pid, signal);
};
function register(c: Registered): void {
  if (registry.size === 0) {
    process.on("exit", onExit);
    for (const s of SIGNALS) process.on(s, onSignal);
  }
  registry.add(c);
}
function unregister(c: Registered): void {
  if (registry.delete(c) && registry.size === 0) unlisten();
}
function unlisten(): void {
  process.removeListener("exit", onExit);
  for (const s of SIGNALS) process.removeListener(s, onSignal);
}

// ---- Processes. ----

/** Sends a signal; false if it could not (the process is gone, or not ours to signal). */
function kill(pid: number, signal: NodeJS.Signals | 0): boolean {
  // Never a process group or "every process" (0, negative) or init.
  if (!Number.isInteger(pid) || pid <= 1) return false;
  try {
    process.kill(pid, signal);
    return true;
  } catch {
    return false;
  }
}

const HAVE_PROC = existsSync("/proc/self");

/** A file of /proc/<pid> (Linux), or null when it cannot be read. */
function procFile(pid: number, file: "cmdline" | "environ" | "stat"): string | null {
  try {
    return readFileSync(`/proc/${pid}/${file}`, "utf8");
  } catch {
    return null;
  }
}

/** Running: signalable and, where /proc tells, not a zombie (dead, waiting to be reaped by its parent). */
function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 1) return false;
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  const stat = procFile(pid, "stat");
  return stat === null || stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
}

/** Every process (but this one) whose environment holds exactly this entry; none without /proc. */
function processesWithEnv(entry: string): number[] {
  if (!HAVE_PROC) return [];
  let names: string[];
  try {
    names = readdirSync("/proc");
  } catch {
    return [];
  }
  return names
    .filter((n) => /^\d+$/.test(n))
    .map(Number)
    .filter((pid) => pid !== process.pid && (procFile(pid, "environ")?.split("\0").includes(entry) ?? false) && alive(pid));
}

/** Sleeps synchronously (for the exit and signal handlers, which cannot wait for a timer). */
function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Where a program is: PATH, then the sbin directory beside each bin directory of PATH (daemons live there, often off a user's PATH). */
function findProgram(name: string): string | null {
  const dirs = (process.env.PATH ?? "").split(delimiter).filter(Boolean);
  const sbin = dirs.filter((d) => /\/bin\/?$/.test(d)).map((d) => d.replace(/\/bin\/?$/, "/sbin"));
  for (const d of [...dirs, ...sbin]) {
    const p = join(d, name);
    try {
      if (statSync(p).isFile()) return p;
    } catch {
      // not there
    }
  }
  return null;
}

/** A TCP port nothing listens on now (the kernel's pick); distinct from `avoid`. */
async function freePort(avoid: readonly number[]): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = createServer();
      server.once("error", reject);
      server.listen(0, () => {
        const address = server.address();
        const p = typeof address === "object" && address ? address.port : 0;
        server.close(() => resolve(p));
      });
    });
    if (port > 0 && !avoid.includes(port)) return port;
  }
}

function tail(path: string, lines: number): string {
  try {
    return readFileSync(path, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}

/** Thrown inside start-up when the cluster was stopped meanwhile (stopSlurmClusters() from an afterAll). */
class Stopped extends Error {}

/**
 * Starts the cluster, or says why it cannot (binaries missing, a daemon that will not start or stay up, a
 * node that never becomes idle, start-up past its budget); whatever it started before giving up is stopped again.
 */
export async function startSlurmCluster(): Promise<SlurmCluster | { skipped: string }> {
  const bins = new Map<string, string>();
  for (const name of [...DAEMONS, ...CLIENTS]) {
    const p = findProgram(name);
    if (p) bins.set(name, p);
  }
  const absent = [...DAEMONS, ...CLIENTS].filter((n) => !bins.has(n));
  if (absent.length) return { skipped: `Slurm test cluster: ${absent.join(", ")} not found (Debian: apt-get install slurm-wlm munge)` };
  // sbatch is called by byzopt through PATH: it must be the one found here.
  if (findProgram("sbatch") !== bins.get("sbatch")) return { skipped: "Slurm test cluster: sbatch is not on PATH" };

  const dir = mkdtempSync(join(tmpdir(), "byzopt-slurm-"));
  const at = (...p: string[]) => join(dir, ...p);
  const user = userInfo().username;
  const host = hostname().split(".")[0]!;
  const conf = at("slurm.conf");
  const env = { SLURM_CONF: conf };
  // Every daemon gets it too: what is left of the cluster is then found by this entry of its environment.
  const childEnv = { ...process.env, ...env };
  const marker = `SLURM_CONF=${conf}`;
  const pidFiles: Record<Daemon, string> = { munged: at("munged.pid"), slurmctld: at("slurmctld.pid"), slurmd: at("slurmd.pid") };
  const logFiles: Record<Daemon, string> = { munged: at("munged.log"), slurmctld: at("slurmctld.log"), slurmd: at("slurmd.log") };
  /** Pids read from the pid files, checked to be ours (their command line names this directory). */
  const pids = new Map<Daemon, number>();
  /** Set when stopping begins: start-up and waitForJobs give up at their next step. */
  let stopped = false;

  /** Alive and started with this directory's files; a command line that cannot be read is not ours (unless there is no /proc at all). */
  const ours = (pid: number): boolean => {
    if (!alive(pid)) return false;
    if (!HAVE_PROC) return true;
    return procFile(pid, "cmdline")?.split("\0").join(" ").includes(dir + "/") ?? false;
  };
  const readPid = (d: Daemon): number | null => {
    if (pids.has(d)) return pids.get(d)!;
    let pid: number;
    try {
      pid = Number.parseInt(readFileSync(pidFiles[d], "utf8").trim(), 10);
    } catch {
      return null;
    }
    if (!Number.isInteger(pid) || pid <= 1 || !ours(pid)) return null;
    pids.set(d, pid);
    return pid;
  };
  /** What is still running of this cluster: its daemons by pid file, and every process carrying its SLURM_CONF. */
  const leftovers = (): number[] => [...new Set([...[...pids.values()].filter(ours), ...processesWithEnv(marker)])];

  const run = (name: string, args: readonly string[], timeout = CLIENT_TIMEOUT_MS) =>
    spawnSync(bins.get(name)!, args, { env: childEnv, encoding: "utf8", timeout: Math.max(1000, timeout), killSignal: "SIGKILL" });

  /** Why a client call failed: its error (a timeout), its stderr or its exit status. */
  const failure = (r: ReturnType<typeof run>): string => r.error?.message ?? (r.stderr.trim() || `exit ${r.status ?? r.signal}`);

  const logTail = (lines = 15): string =>
    DAEMONS.map((d) => `--- ${d} (${logFiles[d]}) ---\n${tail(logFiles[d], lines)}\n--- ${d} start output ---\n${tail(at(`${d}.start`), lines)}`).join("\n");

  const killNow = (): void => {
    stopped = true;
    for (let round = 0; round < 10; round++) {
      const left = leftovers();
      if (!left.length) break;
      for (const pid of left) kill(pid, "SIGKILL");
      sleepSync(20);
    }
    rmSync(dir, { recursive: true, force: true });
    unregister(self);
  };

  let stopping: Promise<void> | null = null;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      stopped = true;
      const deadline = Date.now() + STOP_BUDGET_MS;
      const remaining = () => deadline - Date.now();
      try {
        // Jobs first, while the daemons still run (their slurmstepd would outlive slurmd). Tried whenever
        // the configuration exists (without it the clients retry for a minute); bounded by short timeouts.
        if (existsSync(conf)) {
          const cancelled = run("scancel", ["--full", `--user=${user}`]);
          if (cancelled.status === 0) {
            const until = Date.now() + 15_000;
            while (Date.now() < until) {
              const q = run("squeue", ["-h", "-o", "%i"]);
              if (q.status !== 0 || !q.stdout.trim()) break;
              await sleep(250);
            }
          }
        }
        // slurmd, slurmctld, then munged (the others authenticate through it while they shut down).
        for (const d of ["slurmd", "slurmctld", "munged"] as const) {
          const pid = readPid(d);
          if (pid === null || !kill(pid, "SIGTERM")) continue;
          const until = Date.now() + Math.min(8_000, Math.max(1_000, remaining() - 15_000));
          while (ours(pid) && Date.now() < until) await sleep(100);
          if (ours(pid)) kill(pid, "SIGKILL");
          for (let k = 0; k < 20 && ours(pid); k++) await sleep(100);
        }
        // What is left: a daemon whose pid file was never read, slurmstepd, the jobs' processes.
        for (let round = 0; round < 6; round++) {
          const left = leftovers();
          if (!left.length) break;
          for (const pid of left) kill(pid, round === 0 ? "SIGTERM" : "SIGKILL");
          for (let k = 0; k < 20 && left.some(alive); k++) await sleep(100);
        }
      } finally {
        // Whatever the above did not end (it threw, or something survived it): SIGKILL, synchronously.
        killNow();
      }
    })());

  const self: Registered = { stop, killNow };
  register(self);

  const giveUp = async (why: string): Promise<{ skipped: string }> => {
    const message = `Slurm test cluster: ${why}\n${logTail()}`;
    await stop();
    return { skipped: message };
  };

  const deadline = Date.now() + START_BUDGET_MS;
  const remaining = () => deadline - Date.now();
  /** Between the steps of start-up: on only if the cluster was not stopped meanwhile and the budget holds. */
  const checkpoint = (step: string): void => {
    if (stopped) throw new Stopped(`stopped during start-up (${step})`);
    if (remaining() <= 0) throw new Error(`start-up took more than ${START_BUDGET_MS / 1000} s (at: ${step})`);
  };

  /** Starts a daemon (each forks into the background) and waits for its pid file; an error if it exits first. */
  const startDaemon = async (d: Daemon, args: readonly string[]): Promise<string | null> => {
    checkpoint(`starting ${d}`);
    const out = openSync(at(`${d}.start`), "w");
    const r = spawnSync(bins.get(d)!, args, { env: childEnv, stdio: ["ignore", out, out], timeout: Math.max(1000, Math.min(DAEMON_START_TIMEOUT_MS, remaining())), killSignal: "SIGKILL" });
    closeSync(out);
    if (r.error) return `${d}: ${r.error.message}`;
    if (r.status !== 0) return `${d} exited with ${r.status ?? r.signal}`;
    const until = Date.now() + PID_FILE_WAIT_MS;
    while (Date.now() < until) {
      if (readPid(d) !== null) return null;
      checkpoint(`waiting for ${pidFiles[d]}`);
      await sleep(100);
    }
    return `${d} did not stay up (no live process in ${pidFiles[d]})`;
  };

  try {
    writeFileSync(at("munge.key"), randomBytes(1024), { mode: 0o400 });
    for (const sub of ["state", "spool"]) mkdirSync(at(sub), { mode: 0o700 });
    const munge = at("munge.socket");
    const err0 = await startDaemon("munged", ["-f", "--key-file", at("munge.key"), "--socket", munge, "--pid-file", pidFiles.munged, "--log-file", logFiles.munged, "--seed-file", at("munge.seed")]);
    if (err0) return await giveUp(err0);

    const ctldPort = await freePort([]);
    const slurmdPort = await freePort([ctldPort]);
    checkpoint("writing slurm.conf");
    // Not above what the machine has, or slurmd would drain the node; memory is not a consumable here.
    const memory = Math.max(1, Math.floor((totalmem() / 2 ** 20) * 0.9));
    writeFileSync(
      conf,
      [
        "# A single-node test cluster written by test/helpers/slurm-cluster.ts.",
        "ClusterName=byzopt-test",
        `SlurmctldHost=${host}(127.0.0.1)`,
        `SlurmUser=${user}`,
        `SlurmdUser=${user}`,
        `SlurmctldPort=${ctldPort}`,
        `SlurmdPort=${slurmdPort}`,
        "AuthType=auth/munge",
        `AuthInfo=socket=${munge}`,
        "CredType=cred/munge",
        `StateSaveLocation=${at("state")}`,
        `SlurmdSpoolDir=${at("spool")}`,
        `SlurmctldPidFile=${pidFiles.slurmctld}`,
        `SlurmdPidFile=${pidFiles.slurmd}`,
        `SlurmctldLogFile=${logFiles.slurmctld}`,
        `SlurmdLogFile=${logFiles.slurmd}`,
        "SlurmctldDebug=info",
        "SlurmdDebug=info",
        // No mail is sent; an existing program keeps slurmctld from logging an error about it.
        ...(findProgram("true") ? [`MailProg=${findProgram("true")}`] : []),
        "ProctrackType=proctrack/linuxproc",
        "TaskPlugin=task/none",
        "SelectType=select/cons_tres",
        "SelectTypeParameters=CR_Core",
        "MpiDefault=none",
        "ReturnToService=2",
        // Finished jobs stay visible to scontrol for an hour (the default is 5 minutes).
        "MinJobAge=3600",
        "JobCompType=jobcomp/none",
        "AccountingStorageType=accounting_storage/none",
        "JobAcctGatherType=jobacct_gather/none",
        // The node is what this file says, even where a container shows more cores or memory.
        "SlurmdParameters=config_overrides",
        `NodeName=${host} NodeAddr=127.0.0.1 CPUs=${availableParallelism()} RealMemory=${memory} State=UNKNOWN`,
        "PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP",
        "",
      ].join("\n"),
    );
    const err1 = await startDaemon("slurmctld", ["-f", conf]);
    if (err1) return await giveUp(err1);
    const err2 = await startDaemon("slurmd", ["-f", conf]);
    if (err2) return await giveUp(err2);

    // The node registers with slurmctld and turns idle, within what is left of the start-up budget.
    let state = "";
    for (;;) {
      checkpoint(`waiting for the node to become idle (last: ${state || "nothing yet"})`);
      for (const d of DAEMONS) {
        const pid = readPid(d);
        if (pid === null || !ours(pid)) return await giveUp(`${d} exited`);
      }
      const r = run("sinfo", ["-h", "-o", "%T"], Math.min(CLIENT_TIMEOUT_MS, remaining()));
      state = r.status === 0 ? r.stdout.trim() : `sinfo failed: ${failure(r)}`;
      if (state === "idle") break;
      await sleep(250);
    }
    checkpoint("node idle");
  } catch (err) {
    return await giveUp((err as Error).message);
  }

  const jobStates = (id: string): string[] | string => {
    const r = run("scontrol", ["-o", "show", "job", id]);
    if (r.status !== 0) return `scontrol show job ${id}: ${failure(r)}`;
    return r.stdout
      .trim()
      .split("\n")
      .filter(Boolean)
      .map((l) => /\bJobState=(\S+)/.exec(l)?.[1] ?? "UNKNOWN");
  };

  const waitForJobs = async (ids: readonly string[], budgetMs = WAIT_BUDGET_MS): Promise<Record<string, string[]>> => {
    const until = Date.now() + budgetMs;
    let last: Record<string, string[] | string> = {};
    for (;;) {
      if (stopped) throw new Error(`the cluster was stopped while jobs ${ids.join(", ")} ran: ${JSON.stringify(last)}`);
      last = Object.fromEntries(ids.map((id) => [id, jobStates(id)]));
      const failed = Object.values(last).find((s): s is string => typeof s === "string");
      if (failed) throw new Error(`${failed}\n${logTail(30)}`);
      if (Object.values(last).every((s) => (s as string[]).length > 0 && (s as string[]).every((x) => FINAL_STATES.has(x)))) return last as Record<string, string[]>;
      for (const d of ["slurmctld", "slurmd"] as const) if (!ours(pids.get(d)!)) throw new Error(`${d} exited while jobs ran: ${JSON.stringify(last)}\n${logTail(30)}`);
      if (Date.now() >= until) break;
      await sleep(500);
    }
    const q = run("squeue", []);
    throw new Error(
      `jobs ${ids.join(", ")} not finished within the wait's budget of ${Math.round(budgetMs / 1000)} s (a hang guard): ${JSON.stringify(last)}\n` +
        `--- squeue ---\n${q.status === 0 ? q.stdout.trimEnd() : `failed: ${failure(q)}`}\n${logTail(30)}`,
    );
  };

  return { env, dir, waitForJobs, logTail, stop };
}
