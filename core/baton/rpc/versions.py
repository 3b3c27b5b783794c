"""The conductor RPC API's version, and the version each method needs.

``RPC_API_VERSION`` is ``major.minor``. A new method or a new optional argument bumps the
minor; a change old clients can't follow bumps the major. A client never sends a call
needing more than the target conductor advertises (``conductors.rpc_version``), and a
server refuses a call whose version it does not serve.
"""

from __future__ import annotations

from baton import errors

__all__ = ["METHODS", "RPC_API_VERSION", "cap", "check_served", "compatible", "parse"]

RPC_API_VERSION = "1.3"

#: Every method the conductor serves over RPC, with the API version that introduced it.
METHODS: dict[str, str] = {
    name: "1.0"
    for name in (
        "create_node", "update_node", "destroy_node", "change_node_power_state",
        "get_boot_device", "set_boot_device", "get_supported_boot_devices", "inject_nmi",
        "validate_driver_interfaces", "set_console_mode", "get_console_information",
        "set_target_raid_config", "get_raid_logical_disk_properties", "vendor_passthru",
        "driver_vendor_passthru", "get_node_vendor_passthru_methods",
        "get_driver_vendor_passthru_methods", "get_driver_properties", "vif_attach",
        "vif_detach", "vif_list", "create_port", "update_port", "destroy_port",
        "create_portgroup", "update_portgroup", "destroy_portgroup",
        "create_volume_connector", "update_volume_connector", "destroy_volume_connector",
        "create_volume_target", "update_volume_target", "destroy_volume_target",
        "add_node_traits", "remove_node_traits",
    )
}
# 1.1: the provision state machine and the agent's callbacks.
METHODS.update({
    name: "1.1"
    for name in (
        "do_provisioning_action", "do_node_deploy", "do_node_tear_down", "do_node_clean",
        "inspect_hardware", "do_node_rescue", "do_node_unrescue", "heartbeat",
        "continue_node_clean", "continue_node_deploy",
    )
})
# 1.2: VNF package onboarding (ETSI NFV-SOL005 package management).
METHODS.update({
    name: "1.2"
    for name in ("upload_vnf_package_content", "upload_vnf_package_from_uri",
                 "delete_vnf_package")
})

# 1.3: VNF lifecycle management (ETSI NFV-SOL003 VNF instances and LCM operations).
METHODS.update({
    name: "1.3"
    for name in ("create_vnf_instance", "delete_vnf_instance", "start_vnf_lcm_operation",
                 "retry_vnf_lcm_op_occ", "rollback_vnf_lcm_op_occ", "fail_vnf_lcm_op_occ",
                 "cancel_vnf_lcm_op_occ")
})


def parse(version: str) -> tuple[int, int]:
    """``"1.4"`` -> ``(1, 4)``; :class:`~baton.errors.RPCError` if malformed."""
    try:
        major, minor = version.split(".")
        return int(major), int(minor)
    except (AttributeError, ValueError):
        raise errors.RPCError(reason=f"malformed RPC API version {version!r}") from None


def compatible(served: str, wanted: str) -> bool:
    """Whether a conductor serving ``served`` can answer a call needing ``wanted``."""
    served_major, served_minor = parse(served)
    wanted_major, wanted_minor = parse(wanted)
    return served_major == wanted_major and wanted_minor <= served_minor


def check_served(host: str, served: str, wanted: str) -> None:
    """Raise :class:`~baton.errors.RPCVersionMismatch` unless ``served`` covers ``wanted``."""
    if not compatible(served, wanted):
        raise errors.RPCVersionMismatch(host=host, served=served, wanted=wanted)


def cap(own: str, advertised: str | None) -> str:
    """The highest version a client at ``own`` may use towards a target ``advertised``."""
    if not advertised:
        return own
    if parse(advertised)[0] != parse(own)[0]:
        return advertised
    return min(own, advertised, key=parse)
