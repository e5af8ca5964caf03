/**
 * A real single-node Slurm cluster (munged, slurmctld, slurmd) in a temporary directory, for the tests that
 * submit byzopt grids with `--slurm --submit`. Everything the daemons write (key, sockets, state, spool,
 * pid and log files) is inside that directory; the clients (sbatch, squeue, scontrol, sinfo) find the
 * cluster through SLURM_CONF, which `env` holds. stop() cancels what is left in the queue, then stops the
 * daemons this helper started, by the pids they wrote, and removes the directory.
 */
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
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
   * `maxPolls` (half a second apart) only guards against a hang: past it, this throws with the queue's state.
   */
  waitForJobs(ids: readonly string[], maxPolls?: number): Promise<Record<string, string[]>>;
  /** The last lines of the daemons' logs, for a failure message. */
  logTail(lines?: number): string;
  /** Cancels the cluster's jobs, stops its daemons and removes the directory; safe to call more than once. */
  stop(): Promise<void>;
}

const DAEMONS = ["munged", "slurmctld", "slurmd"] as const;
const CLIENTS = ["sbatch", "squeue", "scontrol", "sinfo", "scancel"] as const;
type Daemon = (typeof DAEMONS)[number];

/** Job states after which a job does nothing more (squeue(1), JOB STATE CODES). */
const FINAL_STATES = new Set(["COMPLETED", "FAILED", "CANCELLED", "TIMEOUT", "NODE_FAIL", "PREEMPTED", "BOOT_FAIL", "DEADLINE", "OUT_OF_MEMORY", "SPECIAL_EXIT", "REVOKED"]);

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

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
};

/** The command line of a process (Linux /proc), or null when it cannot be read. */
function cmdline(pid: number): string | null {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ");
  } catch {
    return null;
  }
}

function tail(path: string, lines: number): string {
  try {
    return readFileSync(path, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}

/**
 * Starts the cluster, or says why it cannot (binaries missing, a daemon that will not start or stay up, a
 * node that never becomes idle); whatever it started before giving up is stopped again.
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
  const childEnv = { ...process.env, ...env };
  const pidFiles: Record<Daemon, string> = { munged: at("munged.pid"), slurmctld: at("slurmctld.pid"), slurmd: at("slurmd.pid") };
  const logFiles: Record<Daemon, string> = { munged: at("munged.log"), slurmctld: at("slurmctld.log"), slurmd: at("slurmd.log") };
  /** Pids read from the pid files, checked to be ours (their command line names this directory). */
  const pids = new Map<Daemon, number>();

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
  /** Alive and started with this directory's files (without /proc, the pid file is trusted). */
  const ours = (pid: number): boolean => {
    if (!alive(pid)) return false;
    const cmd = cmdline(pid);
    return cmd === null || cmd.includes(dir);
  };

  const run = (name: string, args: readonly string[]) => spawnSync(bins.get(name)!, args, { env: childEnv, encoding: "utf8", timeout: 60_000 });

  const logTail = (lines = 15): string =>
    DAEMONS.map((d) => `--- ${d} (${logFiles[d]}) ---\n${tail(logFiles[d], lines)}\n--- ${d} start output ---\n${tail(at(`${d}.start`), lines)}`).join("\n");

  const exitHandler = () => {
    // The test process is ending without stop(): do not leave daemons behind.
    for (const pid of pids.values()) if (ours(pid)) process.kill(pid, "SIGTERM");
  };
  process.once("exit", exitHandler);

  let stopping: Promise<void> | null = null;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      process.removeListener("exit", exitHandler);
      // Jobs first, while the daemons still run (their slurmstepd would outlive slurmd).
      const slurmctld = readPid("slurmctld");
      if (slurmctld !== null && readPid("slurmd") !== null) {
        const queued = run("squeue", ["-h", "-o", "%i"]);
        if (queued.status === 0 && queued.stdout.trim()) {
          run("scancel", ["--full", ...new Set(queued.stdout.trim().split(/\s+/).map((id) => id.split("_")[0]!))]);
          for (let k = 0; k < 120; k++) {
            const q = run("squeue", ["-h", "-o", "%i"]);
            if (q.status !== 0 || !q.stdout.trim()) break;
            await sleep(250);
          }
        }
      }
      // slurmd, slurmctld, then munged (the others authenticate through it while they shut down).
      for (const d of ["slurmd", "slurmctld", "munged"] as const) {
        const pid = readPid(d);
        if (pid === null || !ours(pid)) continue;
        try {
          process.kill(pid, "SIGTERM");
        } catch {
          continue;
        }
        for (let k = 0; k < 100 && ours(pid); k++) await sleep(100);
        if (ours(pid)) process.kill(pid, "SIGKILL");
        for (let k = 0; k < 50 && ours(pid); k++) await sleep(100);
      }
      rmSync(dir, { recursive: true, force: true });
    })());

  const giveUp = async (why: string): Promise<{ skipped: string }> => {
    const message = `Slurm test cluster: ${why}\n${logTail()}`;
    await stop();
    return { skipped: message };
  };

  /** Starts a daemon (each forks into the background) and waits for its pid file; an error if it exits first. */
  const startDaemon = async (d: Daemon, args: readonly string[]): Promise<string | null> => {
    const out = openSync(at(`${d}.start`), "w");
    const r = spawnSync(bins.get(d)!, args, { env: childEnv, stdio: ["ignore", out, out], timeout: 60_000 });
    closeSync(out);
    if (r.error) return `${d}: ${r.error.message}`;
    if (r.status !== 0) return `${d} exited with ${r.status ?? r.signal}`;
    for (let k = 0; k < 100; k++) {
      if (readPid(d) !== null) return null;
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

    // The node registers with slurmctld and turns idle; a bounded number of polls, as a hang guard.
    let state = "";
    for (let k = 0; k < 240; k++) {
      for (const d of DAEMONS) if (readPid(d) === null || !alive(pids.get(d)!)) return await giveUp(`${d} exited`);
      const r = run("sinfo", ["-h", "-o", "%T"]);
      state = r.status === 0 ? r.stdout.trim() : `sinfo failed: ${r.stderr.trim()}`;
      if (state === "idle") break;
      await sleep(250);
    }
    if (state !== "idle") return await giveUp(`the node did not become idle (last: ${state})`);
  } catch (err) {
    return await giveUp((err as Error).message);
  }

  const jobStates = (id: string): string[] | string => {
    const r = run("scontrol", ["-o", "show", "job", id]);
    if (r.status !== 0) return `scontrol show job ${id}: ${r.stderr.trim() || `exit ${r.status}`}`;
    return r.stdout
      .trim()
      .split("\n")
      .filter(Boolean)
      .map((l) => /\bJobState=(\S+)/.exec(l)?.[1] ?? "UNKNOWN");
  };

  const waitForJobs = async (ids: readonly string[], maxPolls = 7200): Promise<Record<string, string[]>> => {
    let last: Record<string, string[] | string> = {};
    for (let k = 0; k < maxPolls; k++) {
      last = Object.fromEntries(ids.map((id) => [id, jobStates(id)]));
      const failed = Object.values(last).find((s): s is string => typeof s === "string");
      if (failed) throw new Error(`${failed}\n${logTail()}`);
      if (Object.values(last).every((s) => (s as string[]).length > 0 && (s as string[]).every((x) => FINAL_STATES.has(x)))) return last as Record<string, string[]>;
      for (const d of ["slurmctld", "slurmd"] as const) if (!alive(pids.get(d)!)) throw new Error(`${d} exited while jobs ran\n${logTail()}`);
      await sleep(500);
    }
    throw new Error(`jobs ${ids.join(", ")} not finished after ${maxPolls} polls: ${JSON.stringify(last)}\n${run("squeue", []).stdout}`);
  };

  return { env, dir, waitForJobs, logTail, stop };
}
