import { describe, expect, it } from "vitest";
import { decideUiSuite } from "./run-ui-tests";

describe("the UI suite inside npm test", () => {
  it("runs when Chromium is there", () => {
    expect(decideUiSuite({ chromiumPath: "/usr/bin/chromium", chromiumExists: true, requireAll: true })).toEqual({
      run: true,
    });
  });

  it("skips, saying why, without a browser", () => {
    const decision = decideUiSuite({ chromiumPath: "/usr/bin/chromium", chromiumExists: false, requireAll: false });
    expect(decision).toMatchObject({ run: false, exitCode: 0 });
    expect(decision.run === false && decision.message).toMatch(/skipped: no Chromium at \/usr\/bin\/chromium/);
  });

  it("fails without a browser when CI_REQUIRE_ALL=1", () => {
    const decision = decideUiSuite({ chromiumPath: "/opt/none", chromiumExists: false, requireAll: true });
    expect(decision).toMatchObject({ run: false, exitCode: 1 });
    expect(decision.run === false && decision.message).toMatch(/CI_REQUIRE_ALL=1/);
  });
});
