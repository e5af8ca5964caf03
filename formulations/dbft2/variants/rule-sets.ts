import { match } from "ts-pattern";
import type { Rule } from "./rule.js";
import type { VariantConfig } from "./types.js";
import { antimevRules, dbft20Rules } from "./dbft20.js";
import { cv3Rules } from "./cv3.js";
import { ccvRules } from "./ccv.js";
import { multipoolRules } from "./multipool.js";

/** The named rule set of a variant (the TLA⁺ actions of its `Next`, in order). */
export function ruleSet(c: VariantConfig): Rule[] {
  return match(c.protocol)
    .with("dbft2.0", () => dbft20Rules())
    .with("cv3", () => cv3Rules())
    .with("ccv", () => ccvRules())
    .with("antimev", () => antimevRules())
    .with("multipool", () => multipoolRules())
    .exhaustive();
}
