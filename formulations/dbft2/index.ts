export * from "./params.js";
export * from "./messages.js";
export * from "./variables.js";
export * from "./build.js";
export * from "./cuts/index.js";
export * from "./extend.js";
