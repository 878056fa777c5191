/**
 * The control plane process: store, API server and controllers in one process.
 * (Being written by the lead; this signature is the contract `minik8s server` calls.)
 */
export interface ControlPlaneOptions {
  stateDir: string; // the cluster's folder: holds state.db
  host: string; // address to listen on, e.g. 127.0.0.1
  extraHosts?: string[]; // further addresses (the cluster bridge gateway, for node agents)
  port: number; // 0 = any free port
  tlsCert: string; // PEM
  tlsKey: string; // PEM
  token: string; // the bearer token clients must send
}

export interface ControlPlane {
  port: number;
  close(): Promise<void>;
}

export declare function startControlPlane(opts: ControlPlaneOptions): Promise<ControlPlane>;
