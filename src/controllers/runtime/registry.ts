// The controllers a manager can run, by name (upstream's controller descriptors): checked when the
// registry is built, so a duplicate name or alias, or a descriptor without a constructor, fails at
// startup instead of silently shadowing another controller.
import type { Client, Clock, EventRecorder, SharedInformerFactory } from '../../client/index.js';
import type { CsrSigningConfig } from './csr-signing-config.js';
import type { Runnable } from './controller.js';
import type { Logger } from './logger.js';

/** What every controller is built from (shared informers, one client, recorders per component). */
export interface ControllerContext {
  readonly client: Client;
  readonly informers: SharedInformerFactory;
  readonly clock: Clock;
  readonly logger: Logger;
  /** An event recorder whose source is component (shared per component, flushed at stop). */
  recorder(component: string): EventRecorder;
  /** PEM key that signs legacy service account token Secrets (--service-account-private-key-file). */
  readonly serviceAccountPrivateKey?: string;
  /** The cluster CA that signs CertificateSigningRequests (--cluster-signing-cert-file, --cluster-signing-key-file). */
  readonly csrSigning?: CsrSigningConfig;
  /** Concurrent workers for a controller (its --concurrent-*-syncs). */
  readonly workers: (controller: string) => number;
}

export interface ControllerDescriptor {
  readonly name: string;
  readonly aliases?: readonly string[];
  /** false: only when named in --controllers. */
  readonly enabledByDefault?: boolean;
  /** Builds the controller; its informer handlers must be registered here, before the caches start. */
  readonly create: (ctx: ControllerContext) => Runnable;
}

export class RegistryError extends Error {
  override readonly name = 'RegistryError';
  readonly code = 'InvalidRegistry';
}

export class ControllerRegistry {
  private readonly byName = new Map<string, ControllerDescriptor>();
  private readonly aliases = new Map<string, string>();

  constructor(descriptors: readonly ControllerDescriptor[]) {
    for (const d of descriptors) {
      if (!d.name) throw new RegistryError('a controller descriptor has no name');
      if (typeof d.create !== 'function') throw new RegistryError(`controller "${d.name}" has no constructor`);
      for (const n of [d.name, ...(d.aliases ?? [])]) {
        if (this.byName.has(n) || this.aliases.has(n)) throw new RegistryError(`controller name or alias "${n}" is registered twice`);
        this.aliases.set(n, d.name);
      }
      this.byName.set(d.name, d);
    }
  }

  names(): string[] {
    return [...this.byName.keys()];
  }

  get(nameOrAlias: string): ControllerDescriptor | undefined {
    const n = this.aliases.get(nameOrAlias);
    return n ? this.byName.get(n) : undefined;
  }

  /**
   * The descriptors --controllers selects: "*" (the default ones), "name", "-name" (upstream's
   * syntax). Throws RegistryError on an unknown name.
   */
  select(spec: readonly string[] = ['*']): ControllerDescriptor[] {
    const on = new Set<string>();
    const off = new Set<string>();
    let star = false;
    for (const raw of spec) {
      const s = raw.trim();
      if (s === '*') {
        star = true;
        continue;
      }
      const neg = s.startsWith('-');
      const d = this.get(neg ? s.slice(1) : s);
      if (!d) throw new RegistryError(`"${s}" is not in the list of known controllers`);
      (neg ? off : on).add(d.name);
    }
    return [...this.byName.values()].filter((d) => !off.has(d.name) && (on.has(d.name) || (star && d.enabledByDefault !== false)));
  }
}
