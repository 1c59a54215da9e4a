/** IPVS's default timeout per state in seconds (ip_vs_proto_tcp.c tcp_timeouts), for plausible expire values. */
export const IPVS_TIMEOUT_S: Record<string, number> = { ESTABLISHED: 900, SYN_RECV: 60, FIN_WAIT: 120, TIME_WAIT: 120, CLOSE: 10, NONE: 300, UDP: 300 };
