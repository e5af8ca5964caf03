import { describe } from "vitest";
import { polishFloodIntoBlock } from "../helpers/polish-check.js";

describe("polishing a start over windows of views, at N = 7", () => polishFloodIntoBlock(7));
