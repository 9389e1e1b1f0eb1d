/** SMTP sending throughput benchmark (owned by the outbox work; placeholder). */
export async function runSendBench(_args: string[]): Promise<void> {
  console.log('send bench: not yet implemented');
}
