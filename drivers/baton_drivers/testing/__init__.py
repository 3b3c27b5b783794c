"""BMC peers for tests and benchmarks: an IPMI BMC simulator built on pyghmi's own server
class, and a launcher for sushy-tools' Redfish emulator. Both run in child processes on
127.0.0.1 and stop with their context manager."""
