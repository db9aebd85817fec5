// The kubelet endpoint's streaming handlers for simulated containers (the server, kubelet-
// server.ts, has authenticated the caller and found the pod): exec runs a local process in the
// container's directory when the operator enabled it, attach streams what the simulated
// container prints from now on, port-forward dials the configured host. Either transport
// (WebSocket or SPDY) carries the session; see docs/streaming.md.
import { mkdir } from 'node:fs/promises';
import { acceptPortForward, acceptRemoteCommand } from '../../client/httpstream/accept.js';
import { attachToOutput } from './attach-output.js';
import { containerEnvironment, containerWorkingDir, findContainer, isContainerRunning } from './exec-environment.js';
import { runExecProcess } from './exec-process.js';
import { forwardToHost } from './port-forward-dial.js';
import type { StreamingConfig } from './streaming-config.js';
import { disabledStatus, internalErrorStatus } from './stream-status.js';
import type { StreamingRequest } from './types.js';

export type { StreamingConfig } from './streaming-config.js';

const podName = (r: StreamingRequest): string => r.pod.metadata?.name ?? '';

export async function handleExec(request: StreamingRequest, config: StreamingConfig = {}): Promise<void> {
  const { req, socket, head, options } = request;
  const session = await acceptRemoteCommand(req, socket, head, options);
  if (!session) return;
  if (!config.execDir) {
    return session.end(
      disabledStatus(
        `exec is not enabled on simulated node ${request.pod.spec?.nodeName ?? ''}: start sim-nodes with --exec-dir DIR ` +
          `to run commands as local processes in DIR/${request.namespace}/${podName(request)}/${request.container}`,
      ),
    );
  }
  const container = findContainer(request.pod, request.container);
  const cwd = containerWorkingDir(config.execDir, request.namespace, podName(request), request.container);
  if (!container || !cwd) return session.end(internalErrorStatus(`container not found ("${request.container}")`));
  if (!isContainerRunning(request.pod, request.container)) {
    return session.end(internalErrorStatus('error executing command in container: container is not created or running'));
  }
  try {
    await mkdir(cwd, { recursive: true });
  } catch (err) {
    return session.end(internalErrorStatus(`error executing command in container: ${(err as Error).message}`));
  }
  await runExecProcess(session, request.command, { cwd, env: containerEnvironment(request.pod, container, cwd, options.tty) });
}

export async function handleAttach(request: StreamingRequest, config: StreamingConfig = {}): Promise<void> {
  const { req, socket, head, options } = request;
  const session = await acceptRemoteCommand(req, socket, head, options);
  if (!session) return;
  if (!findContainer(request.pod, request.container)) return session.end(internalErrorStatus(`container not found ("${request.container}")`));
  await attachToOutput(session, config.output, request.namespace, podName(request), request.container);
}

export async function handlePortForward(request: StreamingRequest, config: StreamingConfig = {}): Promise<void> {
  const session = await acceptPortForward(request.req, request.socket, request.head);
  if (!session) return;
  const uid = request.pod.metadata?.uid ?? '';
  const host = config.portForwardHost;
  if (host) return forwardToHost(session, host, uid);
  session.onStream((stream) => {
    stream.reportError(`port-forward is not enabled on simulated node ${request.pod.spec?.nodeName ?? ''}: start sim-nodes with --port-forward-host HOST to forward pod port ${stream.port} to HOST:${stream.port}`);
    stream.data.destroy();
  });
}
