import { describe, expect, it } from "vitest";
import { serverNodeFlags } from "../helpers/server-command";

describe("the serving command", () => {
  it("npm start caps the V8 heap, and the e2e harness and the benchmark read the same flags", () => {
    // Without a cap V8 grows the heap lazily under load (RSS 390+ MB after the benchmark on a
    // machine with 24 GB); see docs/decisions/2026-11-28-v8-heap-capped.md.
    expect(serverNodeFlags()).toEqual(["--max-old-space-size=256"]);
  });
});
