// Every Docker object the project creates carries these labels; nothing without them is touched.
export const LABEL_LAB = 'lvslab.lab';
/** Which lab file made it (see core/labIdentity.ts): a lab acts only on objects of its own identity. */
export const LABEL_ID = 'lvslab.id';
/** The lab file's path, to name the owner when another lab file holds the name. */
export const LABEL_FILE = 'lvslab.file';
export const LABEL_NODE = 'lvslab.node';
export const LABEL_IMAGE = 'lvslab.image';
/** A node whose first process is the shell the lab feeds (docker/session.ts attachSession); older nodes run sleep. */
export const LABEL_SHELL = 'lvslab.shell';
/** The doctor's throwaway probe belongs to no lab. */
export const LABEL_PROBE = 'lvslab.probe';

/**
 * Prefixed so they never collide with a user's own objects. Lab and node names are
 * [a-z0-9-] (the schema), so the dot keeps lab `a-b` + node `c` apart from lab `a` + node `b-c`.
 */
export const containerName = (lab: string, node: string) => `lvslab-${lab}.${node}`;
export const networkName = (lab: string, network: string) => `lvslab-${lab}.${network}`;

/** This lab's objects: its name and its identity. */
export const labFilter = (lab: string, id: string) => ({ label: [`${LABEL_LAB}=${lab}`, `${LABEL_ID}=${id}`] });
/** Every object carrying the lab's name, whoever made it. */
export const nameFilter = (lab: string) => ({ label: [`${LABEL_LAB}=${lab}`] });
