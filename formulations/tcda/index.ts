export * from "./orders.js";
export * from "./book.js";
export * from "./clearing.js";
export * from "./greedy.js";
export * from "./matching-milp.js";
export * from "./welfare.js";
export * from "./rounds.js";
