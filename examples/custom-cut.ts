// Build the dBFT 2.0 attack MILP, add a valid inequality of your own, and solve it with HiGHS.
// The inequality: at most one block is relayed over all views (with N = 4 only 1 Byzantine node, and two
// honest quorums of 3 always share an honest node, which commits once). It cuts no execution, so the
// optimum stays what the paper's model gives.
import { buildDbftModel, dbftParams } from "byzopt/dbft";
import { checkSolution, modelStats } from "byzopt/model";
import { solveModel, solverNamed } from "byzopt/solvers";

const params = dbftParams({ n: 4, tmax: 3, objective: "P1" });
const plain = buildDbftModel(params).model;
const { model } = buildDbftModel(params, {
  extraRows: ({ b, s, x }) => {
    const row = b.row(b.constraintFamily<[]>("myOneBlock", "<=", 0));
    for (let v = s.V.first; v <= s.V.last; v++) row.add(x.blockRelayed.col(v));
    row.end(1);
  },
});
console.log(`${model.name}: ${modelStats(plain).constraints} rows, ${modelStats(model).constraints} with my cut`);
for (const [name, m] of [["paper's model", plain], ["with my cut", model]] as const) {
  const r = await solveModel(solverNamed("highs"), m, { timeLimit: 120 });
  const feasible = r.values ? checkSolution(m, r.values).feasible : null;
  console.log(`${name}: ${r.status}, P1 = ${r.objective}, bound ${r.bound}, solution feasible: ${feasible}`);
}
