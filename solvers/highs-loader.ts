import * as highsModule from "highs";

// The package's types describe a CommonJS module (loader at `.default.default` for TypeScript), but
// Node loads its ESM entry, whose default export is the loader itself.
type LoadHighs = typeof highsModule.default.default;

/** Loads a fresh HiGHS WebAssembly runtime. */
export const loadHighs = highsModule.default as unknown as LoadHighs;
export type Highs = Awaited<ReturnType<LoadHighs>>;
