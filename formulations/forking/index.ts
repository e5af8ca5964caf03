export * from "./structure.js";
export * from "./params.js";
export * from "./propagation.js";
export * from "./forking-rates.js";
