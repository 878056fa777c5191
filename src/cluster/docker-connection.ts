import type Docker from 'dockerode';

/** What to do when Docker cannot be reached; step failures give the same hint. */
export const DOCKER_HINT = 'is Docker running? Start it (or set DOCKER_HOST), then run the command again.';

/** The Docker daemon an unset DOCKER_HOST means (dockerode's default, as the docker CLI's). */
const DEFAULT_DOCKER_HOST = 'unix:///var/run/docker.sock';

/** Docker could not be reached: said once, with where it was looked for and what to do. */
export class DockerUnreachable extends Error {
  readonly hint = DOCKER_HINT;

  constructor(cause: unknown) {
    const host = process.env.DOCKER_HOST || DEFAULT_DOCKER_HOST;
    const why = (cause instanceof Error ? cause.message : String(cause)).split('\n')[0];
    super(`cannot connect to the Docker daemon at ${host} (${why})`, { cause });
  }
}

/**
 * This host's Docker engine (DOCKER_HOST, else its default socket), answered once before it is
 * returned: a command fails with DockerUnreachable before it changes anything.
 */
export async function docker(): Promise<Docker> {
  const { default: Dockerode } = await import('dockerode');
  const d = new Dockerode();
  try {
    await d.ping();
  } catch (err) {
    throw new DockerUnreachable(err);
  }
  return d;
}
