/** The dates the API bench seeds and loads (shared by its driver and its server process). */
export const BENCH_DAY = "2027-04-14";
export const QUOTE_DAY = "2027-04-15";
