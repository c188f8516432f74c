import { findProfile, loadProfiles } from '../src/core/cost/index';
import { runMechanism } from '../src/core/vmm/index';
for (const [m,p] of [['vmx','kvm-2012'],['trap','p4-2007'],['hypercall','kvm-2012'],['svm','k8-xen']] as const) {
const profile = findProfile(loadProfiles({ dir: null }), p);
let n = 0;
const t0 = performance.now();
const r = await runMechanism({ workload: 'outl_to_kernel', mechanism: m, profile, params: { iterations: 300000 }, sink: { push: () => { n++; } } });
const s = (performance.now() - t0) / 1000;
console.log(m, r.stop.kind, n, Math.round(n / s).toLocaleString(), 'exits/s');
}
