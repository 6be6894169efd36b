/** Who is calling: the API key that authenticated the request, and the actor its writes are recorded with. */
export type Caller = Readonly<{
  keyId: string;
  name: string;
  scopes: readonly ('read' | 'write')[];
  /** `api:<key name>` (`operator:<key name>` for an operator's key), in the events' metadata. */
  actor: string;
  /** The tenant the key belongs to (absent for an operator's key and for the public routes). */
  tenant?: string;
  /** An operator's key: it acts on a tenant only by naming it. */
  operator?: boolean;
}>;
