import { describe, expect, it } from "vitest";

import { ApiError, errorMessage } from "./errors";

const invalid = (errors: unknown[]) =>
  new ApiError(422, {
    error_code: "validation_error",
    message: "Invalid request: display_title: String should have at most 1024 characters",
    details: { errors },
  });

describe("errorMessage", () => {
  it("shows a validation error's message alone when one field is wrong", () => {
    const error = invalid([{ loc: ["body", "display_title"], field: "display_title", msg: "String should have at most 1024 characters", type: "string_too_long" }]);
    expect(errorMessage(error)).toBe("Invalid request: display_title: String should have at most 1024 characters");
  });

  it("names the other wrong fields after the first", () => {
    const error = invalid([
      { field: "display_title", msg: "String should have at most 1024 characters" },
      { field: "tags.0", msg: "Input should be a valid string" },
    ]);
    expect(errorMessage(error)).toBe(
      "Invalid request: display_title: String should have at most 1024 characters (also tags.0: Input should be a valid string)",
    );
  });
});
