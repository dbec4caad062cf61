import { describe, expect, it } from "vitest";
import { durationMinutes, formatSeconds } from "./duration";

describe("durationMinutes", () => {
  it.each([
    { value: "60m", want: 60 },
    { value: "1h30m", want: 90 },
    { value: "8h", want: 480 },
    { value: "1d", want: 1440 },
    { value: "90s", want: 1 },
    { value: "1.5h", want: null },
    { value: "never", want: null },
    { value: 60, want: null },
  ])("reads $value as $want", ({ value, want }) => {
    expect(durationMinutes(value)).toBe(want);
  });
});

describe("formatSeconds", () => {
  it.each([
    { seconds: 45, want: "45 s" },
    { seconds: 754, want: "12 min" },
    { seconds: 3600, want: "1 h" },
    { seconds: 3900, want: "1 h 5 min" },
  ])("formats $seconds as $want", ({ seconds, want }) => {
    expect(formatSeconds(seconds)).toBe(want);
  });
});
