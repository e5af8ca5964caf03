export * from "./config.js";
export * from "./bounds.js";
export * from "./worst-overlap.js";
