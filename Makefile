# Set-up and every job of the project. `make demo` and `make test` work on a fresh clone with only
# Node (and, for the native solvers, Debian's apt) on the machine.
SHELL := /bin/bash
BIN := node dist/cli/bin.js
INSTALLED := node_modules/.installed

.PHONY: all build demo test test-long package-check docs schemas fixtures typecheck bench search sweep-paper equivalence forking-check unl-grid unl-grid-full codag-check test-deps file-differential fuzz dbft-variants explore-long milp-replay clean

all: build

$(INSTALLED): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

build: $(INSTALLED)
	./node_modules/.bin/tsc -p .
	@chmod +x dist/cli/bin.js

# Generate dbft-2-4-5, solve P1 with HiGHS, print the result and the attack timeline.
demo: build
	@mkdir -p out
	$(BIN) dbft generate --n 4 --tmax 5 --objective P1 --out out/dbft-2-4-5.lp
	$(BIN) dbft solve --n 4 --tmax 5 --objective P1 --trace out/dbft-2-4-5-P1.trace.json

# CBC and glpsol read our files back and serve as backends; Chromium renders the attack picture.
test-deps:
	@./.ci/install-test-deps

typecheck: $(INSTALLED)
	./node_modules/.bin/tsc -p tsconfig.test.json

# Every feature, in under 10 minutes on 2 cores; no verdict depends on the machine's speed (see README).
test: build test-deps typecheck
	./node_modules/.bin/vitest run

bench: build test-deps
	node dist/bench/dbft-write.js
	node dist/bench/backends.js
	node dist/bench/corpus.js
	node dist/bench/simulator.js
	node dist/bench/tcda.js
	node dist/bench/strengthen.js
	node dist/bench/forking.js
	node dist/bench/unl.js
	node dist/bench/codag.js
	node dist/bench/parallel.js
	node dist/bench/explore.js

# The verdict matrix of the proposed dBFT fixes (docs/dbft-variants.md, docs/dbft-variants/results.json):
# every rule-set model x fault setting explored at MaxView 0 and 1, searched at N=4 and 7, scenarios replayed.
dbft-variants: build
	node dist/bench/dbft-variants.js

# The dbft-2-4-5 optima P1-P7 with Neo's rotation fixed, re-run in the simulator (docs/dbft-variants.md).
milp-replay: build
	node dist/bench/milp-replay.js

# MaxView 2 explored as far as 8 GB allows (bench/results/explore-long.json, bench/README.md); hours.
explore-long: build
	node dist/bench/explore-long.js

# A longer search than the tests run: liveness with four honest nodes (recovery on) and forks at N=7.
search: build
	-node dist/cli/bin.js verify dbft --n 4 --property liveness --runs 5000000 --seed 1 --out out/search-n4
	-node dist/cli/bin.js verify dbft --n 7 --property liveness --runs 1000000 --seed 1 --out out/search-n7
	-node dist/cli/bin.js verify dbft --n 7 --byzantine 3 --property safety --runs 2000000 --seed 1 --out out/search-n7-fork
	-node dist/cli/bin.js verify dbft --n 7 --byzantine 2 --property safety --runs 1000000 --seed 1

# The forking paper's checks with 500 runs per configuration, fixed and then exponential delays, and its
# Figs. 4-10 at the paper's 50 runs (about 4 minutes): docs/forking-check*.md and docs/forking/.
forking-check: build
	$(BIN) forking check --runs 500 --seed 1 --coupled-runs 500 --mc-trials 100000 --out docs/forking-check.md
	$(BIN) forking check --runs 500 --seed 1 --delay exp --coupled-runs 200 --mc-trials 100000 --out docs/forking-check-exp.md
	$(BIN) forking figures --out docs/forking --runs 50 --seed 1

# The UNL paper's grid at CI-friendly size (spec unl.md §6): F1, F2 (schwartz, 200 nodes, 10 runs per point),
# F3, F4 (rpca, 100 validators, 4 runs per point), F5 and summary.md with P1, P2, P5; two shards at once, one
# per core, then the summary. Records stay in out/unl-grid (resumable); figures and summary go to docs/unl/.
# Exit code 3 from the summary means a P2 violation (a fork while Theorem 8 holds): it is never filtered.
UNL_GRID := $(BIN) unl grid --out out/unl-grid --nodes 200 --runs 10 --seed 1
UNL_RPCA := $(BIN) unl grid --out out/unl-grid-rpca --rpca-nodes 100 --runs 4 --seed 1 --figure F3,F4
unl-grid: build
	$(UNL_GRID) --figure F1,F2,F5 --shard 1/2 & $(UNL_GRID) --figure F1,F2,F5 --shard 2/2; wait
	$(UNL_RPCA) --shard 1/2 & $(UNL_RPCA) --shard 2/2; wait
	@mkdir -p docs/unl
	$(UNL_GRID) --figure F1,F2,F5 --summarize-only; s1=$$?; \
	  $(UNL_RPCA) --summarize-only; s2=$$?; \
	  cp out/unl-grid/F1.svg out/unl-grid/F2.svg out/unl-grid/F5.svg out/unl-grid-rpca/F3.svg out/unl-grid-rpca/F4-*.svg docs/unl/ && \
	  cp out/unl-grid/summary.md docs/unl/summary-schwartz.md && cp out/unl-grid-rpca/summary.md docs/unl/summary-rpca.md && \
	  exit $$(( s1 > s2 ? s1 : s2 ))

# The paper-scale grid: 1000 nodes and validators, 20 runs per point (CPU-days: shard it, e.g. as a Slurm
# array with UNL_SHARD=$$SLURM_ARRAY_TASK_ID/$$SLURM_ARRAY_TASK_COUNT), then `make unl-grid-full UNL_SHARD=`
# (empty) on the merged out/unl-grid-full to draw the figures and summary.
UNL_SHARD ?= 1/1
unl-grid-full: build
	$(BIN) unl grid --out out/unl-grid-full --nodes 1000 --rpca-nodes 1000 --runs 20 --seed 1 $(if $(UNL_SHARD),--shard $(UNL_SHARD),--summarize-only)

# Blockcloud's CoDAG and Proof of Service at the spec's 10^5 runs a point (23 minutes on one core; the checks use
# every core by default, --jobs):
# docs/codag-check.md (checks 1-6, 8 and the paper's claims), docs/pos-check.md (check 7), and the figures of
# docs/codag/ (Fig. 7, catch-up against z for m = 2 and m = K, P(reward) against p_true). Exit code 1 means an
# implementation check failed (a refuted claim of the paper is a finding, not a failure).
codag-check: build
	@mkdir -p docs/codag
	$(BIN) codag check --runs 100000 --property-runs 1000 --seed 1 --out docs/codag-check.md > /dev/null
	$(BIN) pos check --epochs 100000 --seed 1 --out docs/pos-check.md --svg docs/codag/pos-reward.svg > /dev/null
	$(BIN) codag build --fixture fig7 --navigator 14 --svg docs/codag/fig7.svg
	$(BIN) codag race --q 0.3 --k 10 --m 2 --z 1..6 --runs 100000 --seed 1 --svg docs/codag/race-m2-k10.svg --csv docs/codag/race-m2-k10.csv
	$(BIN) codag race --q 0.3 --k 3 --m 3 --z 1..6 --runs 100000 --seed 1 --svg docs/codag/race-m3-k3.svg --csv docs/codag/race-m3-k3.csv
	$(BIN) codag race --q 0.1 --k 10 --m 2 --z 1..6 --runs 10000 --seed 1 --svg docs/codag/race-m2-k10-q01.svg --csv docs/codag/race-m2-k10-q01.csv
	$(BIN) codag race --q 0.3 --model lemma2 --z 1..10 --runs 100000 --seed 1 --svg docs/codag/race-lemma2.svg --csv docs/codag/race-lemma2.csv

# The heavy solver-bound suites (test/long/*.long.ts), about 30 minutes on 2 cores: the paper's model and
# the strengthened one, HiGHS and CBC, every preset at dbft-2-4-5 and dbft-2-5-4 (no delivery property,
# and all four) and dbft-2-7-3 (every delivery option), which also proves the committed optima of
# test/fixtures/optima/ again; the tmax-4 differential matrix with GLPK; more random objectives for the
# strengthening families; `byzopt solve` proving dbft-2-4-5 P1 from LP and MPS files; the UNL worst-overlap
# MILP against its closed form (HiGHS and CBC) and the full model against the pair model.
test-long: build test-deps package-check docs
	./node_modules/.bin/vitest run --config vitest.long.config.ts

# The JSON Schemas of byzopt's file formats, generated from the readers' zod schemas (a test keeps them equal).
schemas: build
	$(BIN) schemas write --out schemas

# The API reference of the public entry points (lib/*.ts) into docs/api/ (not committed). Warnings are
# errors: an exported symbol without a doc comment fails it (typedoc.json, validation.notDocumented).
# CI runs it before make test-long.
docs: $(INSTALLED)
	./node_modules/.bin/typedoc --logLevel Warn

# The npm package as users get it: publint on package.json and its files, and attw on the packed tarball's
# entry points and types (ESM only: CommonJS consumers use import()).
package-check: build
	./node_modules/.bin/publint --strict
	./node_modules/.bin/attw --pack . --profile esm-only

# 500 random model files through byzopt compare (test/long/file-differential.long.ts, also in test-long).
file-differential: build test-deps
	./node_modules/.bin/vitest run --config vitest.long.config.ts test/long/file-differential.long.ts

# 3000 mutated LP/MPS files on every backend (test/long/fuzz.extra.ts); make test runs 60 on HiGHS.
fuzz: build test-deps
	./node_modules/.bin/vitest run --config vitest.extra.config.ts test/long/fuzz.extra.ts

# Each delivery property alone at dbft-2-4-5 and dbft-2-5-4 (test/long/*.extra.ts): not in CI.
equivalence: build test-deps
	./node_modules/.bin/vitest run --config vitest.extra.config.ts

# Rewrites the committed optima (test/fixtures/optima/) from HiGHS's proofs; `git diff` shows what moved.
fixtures: build test-deps
	UPDATE_FIXTURES=1 ./node_modules/.bin/vitest run --config vitest.long.config.ts test/long/dbft2-equivalence-4-5-

# The twelve Table 1 instances x P1-P7, the paper's model and the strengthened one; 600 s per run (up to
# 28 hours in all, and 19-5 first). Resumable: runs with a result in bench/results/sweep-paper/ are skipped.
# SWEEP_JOBS=2 runs two at a time (--jobs 2), one per core; each run is single-threaded. Runs start from the best solution saved by
# the others (--reuse-solutions, each <run>.sol.gz) when it beats the tmax-5 warm start, polished by
# sub-MIPs over windows of views (--polish) up to 2.5 M non-zeros.
# Table 1 has no shorter instance of N = 19, so dbft-2-19-5 (strengthened) is solved first into
# SWEEP_SEEDS and reused from there: P3 first (proved in about 2 minutes with no start), then P7 polished
# from it (alone, P7 found no solution in 600 s), then the others polished from those.
SWEEP_SEEDS = bench/results/sweep-seeds
SWEEP_LIMIT ?= 600
SWEEP_JOBS ?= 1
sweep-paper: build test-deps
	$(BIN) sweep --instances 19,5 --jobs 1 --objectives P3 --strengthen --time-limit $(SWEEP_LIMIT) --out $(SWEEP_SEEDS)
	$(BIN) sweep --instances 19,5 --jobs 1 --objectives P7 --strengthen --reuse-solutions --polish --time-limit $(SWEEP_LIMIT) --out $(SWEEP_SEEDS)
	$(BIN) sweep --instances 19,5 --jobs 1 --objectives P1..P6 --strengthen --reuse-solutions --polish --time-limit $(SWEEP_LIMIT) --out $(SWEEP_SEEDS)
	$(BIN) sweep --instances paper --objectives P1..P7 --compare --warm-start --reuse-solutions --polish --time-limit $(SWEEP_LIMIT) \
	  --pool-dir $(SWEEP_SEEDS) --jobs $(SWEEP_JOBS) --out bench/results/sweep-paper; status=$$?; \
	node dist/bench/sweep-paper.js; exit $$status

clean:
	rm -rf dist out bench/work
