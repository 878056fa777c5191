import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ControllerHarness, startControllers } from '../../../test/helpers/controllers.js';
import {
  ENDPOINT_SLICES,
  ENDPOINTS,
  type EndpointSlice,
  type Endpoints,
  SERVICES,
  type Service,
} from '../../api/kinds/index.js';
import { reconcileApiServerEndpoints } from './api-server-endpoints.js';
import { endpointSliceMirroringController } from './endpoint-slice-mirroring.js';
import { endpointSliceController } from './endpoint-slices.js';
import { endpointsController } from './endpoints-controller.js';

let h: ControllerHarness;
beforeEach(async () => {
  h = await startControllers(
    [endpointsController, endpointSliceController, endpointSliceMirroringController],
    {
      settings: { resyncMs: 0 },
    },
  );
});
afterEach(() => h.stop());

describe('the kubernetes service endpoints', () => {
  it("are the API server's address as pods reach it, put back when changed", async () => {
    await reconcileApiServerEndpoints(h.client, { ip: '10.244.0.1', port: 40123 });
    await h.manager.idle();
    const ep = await h.client.get<Endpoints>(ENDPOINTS, 'default', 'kubernetes');
    // kubectl describe svc kubernetes shows the port its endpoints have.
    const svc = await h.client.get<Service>(SERVICES, 'default', 'kubernetes');
    expect(svc.spec?.ports?.map((p) => p.targetPort)).toEqual([40123]);
    expect(ep.metadata.labels).toEqual({ 'endpointslice.kubernetes.io/skip-mirror': 'true' });
    expect(ep.subsets).toEqual([
      { addresses: [{ ip: '10.244.0.1' }], ports: [{ name: 'https', port: 40123, protocol: 'TCP' }] },
    ]);
    const slices = await h.client.list<EndpointSlice>(ENDPOINT_SLICES, {
      namespace: 'default',
      labelSelector: 'kubernetes.io/service-name=kubernetes',
    });
    expect(slices.items.map((s) => [s.metadata.name, s.metadata.labels, s.endpoints, s.ports])).toEqual([
      [
        'kubernetes',
        { 'kubernetes.io/service-name': 'kubernetes' },
        [{ addresses: ['10.244.0.1'], conditions: { ready: true } }],
        [{ name: 'https', port: 40123, protocol: 'TCP' }],
      ],
    ]);

    await h.client.update(ENDPOINTS, { ...ep, subsets: [] });
    await h.client.delete(ENDPOINT_SLICES, 'default', 'kubernetes');
    await reconcileApiServerEndpoints(h.client, { ip: '10.244.0.1', port: 40123 });
    expect((await h.client.get<Endpoints>(ENDPOINTS, 'default', 'kubernetes')).subsets).toEqual(ep.subsets);
    expect((await h.client.get(ENDPOINT_SLICES, 'default', 'kubernetes')).metadata.name).toBe('kubernetes');
  });
});
