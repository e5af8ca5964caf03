export * from "./index-set.js";
export * from "./variables.js";
export * from "./linear.js";
export * from "./model.js";
export * from "./stats.js";
export * from "./evaluate.js";
