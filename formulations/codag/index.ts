// CoDAG (Blockcloud §VI): the DAG with stored path counts, navigator, Generate, Select, and the catch-up formulas.
export * from "./catch-up.js";
export * from "./connectivity.js";
export * from "./dag.js";
export * from "./generate.js";
export * from "./select.js";
