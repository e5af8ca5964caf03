// Proof of Service (Blockcloud §V): the record Δ and its exact decision error rates.
export * from "./record.js";
export * from "./rates.js";
