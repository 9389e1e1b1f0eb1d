/** Scheduling pass benchmark (owned by the reminders work; placeholder). */
export async function runScanBench(_args: string[]): Promise<void> {
  console.log('scan bench: not yet implemented');
}
