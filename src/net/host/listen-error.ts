/** A listen failure as Go's net package words it, which Kubernetes' events and logs quote. */
export function listenError(address: string, port: number, err: unknown, protocol = 'tcp'): string {
  const code = (err as NodeJS.ErrnoException).code;
  const why =
    code === 'EADDRINUSE'
      ? 'bind: address already in use'
      : code === 'EACCES'
        ? 'bind: permission denied'
        : code === 'EADDRNOTAVAIL'
          ? 'bind: cannot assign requested address'
          : (err as Error).message;
  return `listen ${protocol} ${address}:${port}: ${why}`;
}
