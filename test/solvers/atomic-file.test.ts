import { statSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { writeFileAtomically, writeTextAtomically, writeTextFilesAtomically } from "../../solvers/atomic-file.js";

describe("atomic writes onto a device", () => {
  it("write /dev/null in place and leave it a device (a rename onto it would replace it by a plain file)", () => {
    expect(writeFileAtomically("/dev/null", (sink) => sink.write("some text\n"))).toBe(10);
    writeTextAtomically("/dev/null", "more\n");
    writeTextFilesAtomically([{ path: "/dev/null", text: "and more\n" }]);
    expect(statSync("/dev/null").isCharacterDevice()).toBe(true);
  });
});
