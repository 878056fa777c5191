/** Reports the steps of a long operation; the CLI draws them, tests and libraries stay silent. */
export interface Progress {
  step<T>(title: string, work: () => Promise<T>): Promise<T>;
}

export const silentProgress: Progress = {
  step: (_title, work) => work(),
};
