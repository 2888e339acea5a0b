// Preloaded with `node --import`: shifts this process's wall clock by SKEW_MS, to prove that
// nothing in storage or compaction depends on instances agreeing on the time.
const skew = Number(process.env.SKEW_MS ?? 0);
const RealDate = Date;
class SkewedDate extends RealDate {
  constructor(...args) {
    if (args.length === 0) super(RealDate.now() + skew);
    else super(...args);
  }
  static now() {
    return RealDate.now() + skew;
  }
}
globalThis.Date = SkewedDate;
