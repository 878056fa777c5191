import os from 'node:os';
import path from 'node:path';

/** Where minik8s keeps its clusters: $MINIK8S_HOME, or ~/.minik8s. */
export function minik8sHome(env: NodeJS.ProcessEnv = process.env): string {
  return env.MINIK8S_HOME || path.join(os.homedir(), '.minik8s');
}

/** The files of one cluster, all in the cluster's own folder. */
export interface ClusterPaths {
  home: string;
  dir: string;
  clusterJson: string;
  caCert: string;
  caKey: string;
  serverCert: string;
  serverKey: string;
  /** The admin's client certificate (CN=kubernetes-admin, O=system:masters), what kubeconfigs present. */
  adminCert: string;
  adminKey: string;
  stateDb: string;
  serverLog: string;
  serverPid: string;
  /** The process running the cluster's hollow nodes, if it has any. */
  hollowLog: string;
  hollowPid: string;
  /** Where hollow nodes keep their pods' volumes. */
  hollowDir: string;
  kubeconfig: string;
}

export function clusterPaths(name: string, home = minik8sHome()): ClusterPaths {
  const dir = path.join(home, name);
  return {
    home,
    dir,
    clusterJson: path.join(dir, 'cluster.json'),
    caCert: path.join(dir, 'ca.crt'),
    caKey: path.join(dir, 'ca.key'),
    serverCert: path.join(dir, 'server.crt'),
    serverKey: path.join(dir, 'server.key'),
    adminCert: path.join(dir, 'admin.crt'),
    adminKey: path.join(dir, 'admin.key'),
    stateDb: path.join(dir, 'state.db'),
    serverLog: path.join(dir, 'server.log'),
    serverPid: path.join(dir, 'server.pid'),
    hollowLog: path.join(dir, 'hollow.log'),
    hollowPid: path.join(dir, 'hollow.pid'),
    hollowDir: path.join(dir, 'hollow'),
    kubeconfig: path.join(dir, 'kubeconfig'),
  };
}

const clusterName = /^[a-z0-9]([-a-z0-9]{0,40}[a-z0-9])?$/;

/** Cluster names become folder, context and container names, so they stay DNS-label-like. */
export function checkClusterName(name: string): void {
  if (!clusterName.test(name)) {
    throw new Error(
      `invalid cluster name "${name}": use lower-case letters, digits and '-', starting and ending with a letter or digit (at most 42 characters)`,
    );
  }
}

/** The cluster commands act on without --name (kind's is `kind`). */
export const defaultClusterName = 'minik8s';
