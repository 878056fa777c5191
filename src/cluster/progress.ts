/** Reports the steps of a long operation; the CLI draws them, tests and libraries stay silent. */
export interface Progress {
  step<T>(title: string, work: () => Promise<T>): Promise<T>;
  /** A line said between steps, in their order. */
  note?(message: string): void;
}

export const silentProgress: Progress = {
  step: (_title, work) => work(),
};
