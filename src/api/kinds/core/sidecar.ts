import type { Container } from '../types.generated.js';

/**
 * A sidecar, Kubernetes' restartable init container: an init container with restartPolicy
 * Always, which runs beside the app containers and is restarted whenever it ends.
 */
export const isSidecar = (c: Pick<Container, 'restartPolicy'>) => c.restartPolicy === 'Always';
