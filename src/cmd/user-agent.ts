// The User-Agent a k8ts component sends, shaped like upstream's
// (`kube-controller-manager/v1.33.0 (linux/amd64) k8ts`): the API server names a request's field
// manager after the part before the first '/', so the component's writes show up in
// managedFields under upstream's manager names.
import { arch, platform } from 'node:os';

const KUBERNETES_VERSION = 'v1.33.0';

export function componentUserAgent(component: string): string {
  const goArch = arch() === 'x64' ? 'amd64' : arch();
  return `${component}/${KUBERNETES_VERSION} (${platform()}/${goArch}) k8ts`;
}
