"""The fake infra driver's resources as the resource parts of SOL003's instantiatedVnfInfo."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["picture"]

_TYPES = {"compute": "BATON::Fake::Server", "storage": "BATON::Fake::Volume",
          "port": "BATON::Fake::Port", "network": "BATON::Fake::Net"}


def _handle(row: Mapping[str, Any], vim_id: str) -> dict[str, Any]:
    return {"vimConnectionId": vim_id, "resourceId": row["uuid"],
            "vimLevelResourceType": _TYPES[row["kind"]]}


def _protocol_info(data: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """CpProtocolInfo from the request's CpProtocolData."""
    found = []
    for item in data or []:
        addresses = []
        for address in (item.get("ipOverEthernet") or {}).get("ipAddresses") or []:
            info: dict[str, Any] = {"type": address.get("type", "IPV4")}
            if address.get("fixedAddresses"):
                info["addresses"] = address["fixedAddresses"]
            else:
                info["isDynamic"] = True
            if address.get("subnetId"):
                info["subnetId"] = address["subnetId"]
            addresses.append(info)
        found.append({"layerProtocol": item.get("layerProtocol", "IP_OVER_ETHERNET"),
                      "ipOverEthernet": {"ipAddresses": addresses}})
    return found


def _ext_cps(extvls: list[dict[str, Any]]) -> dict[str, tuple[dict[str, Any], dict[str, Any]]]:
    """cpdId -> (the extVirtualLink, its VnfExtCpData)."""
    found = {}
    for ext in extvls:
        for cp in ext["attributes"].get("extCps") or []:
            found[cp["cpdId"]] = (ext, cp)
    return found


def _ports(rows: list[dict[str, Any]], vim_id: str, vl: str) -> list[dict[str, Any]]:
    return [{"id": p["attributes"]["link_port_id"], "resourceHandle": _handle(p, vim_id),
             "cpInstanceId": p["attributes"]["cp_id"], "cpInstanceType": "VNFC_CP"}
            for p in rows if p["kind"] == "port" and p["attributes"].get("vl") == vl]


def picture(rows: list[dict[str, Any]], vim: Mapping[str, Any]) -> dict[str, Any]:
    """instantiatedVnfInfo's resource parts for the live ``rows`` of one instance."""
    vim_id = str(vim.get("id"))
    extvls = [r for r in rows if r["kind"] == "extvl"]
    ext_cps = _ext_cps(extvls)
    by_parent: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        if row["parent_uuid"]:
            by_parent.setdefault(row["parent_uuid"], []).append(row)
    vnfcs, vnfc_info, ext_cp_info = [], [], []
    ext_ports: dict[str, list[dict[str, Any]]] = {}
    for compute in (r for r in rows if r["kind"] == "compute"):
        vnfc_id = compute["attributes"]["vnfc_id"]
        children = by_parent.get(compute["uuid"], [])
        cps = []
        for port in (c for c in children if c["kind"] == "port"):
            attrs = port["attributes"]
            cp: dict[str, Any] = {"id": attrs["cp_id"], "cpdId": port["descriptor_id"]}
            if port["descriptor_id"] in ext_cps:
                ext, data = ext_cps[port["descriptor_id"]]
                config_id, config = next(iter((data.get("cpConfig") or {"-": {}}).items()))
                cp["vnfExtCpId"] = attrs["ext_cp_id"]
                ext_cp_info.append({
                    "id": attrs["ext_cp_id"], "cpdId": port["descriptor_id"],
                    "cpConfigId": config_id,
                    "cpProtocolInfo": _protocol_info(config.get("cpProtocolData") or []),
                    "extLinkPortId": attrs["link_port_id"], "associatedVnfcCpId": cp["id"]})
                ext_ports.setdefault(ext["descriptor_id"], []).append({
                    "id": attrs["link_port_id"], "resourceHandle": _handle(port, vim_id),
                    "cpInstanceId": attrs["ext_cp_id"]})
            else:
                cp["vnfLinkPortId"] = attrs["link_port_id"]
            cps.append(cp)
        vnfcs.append({
            "id": vnfc_id, "vduId": compute["descriptor_id"],
            "computeResource": _handle(compute, vim_id),
            "storageResourceIds": [s["uuid"] for s in children if s["kind"] == "storage"],
            "vnfcCpInfo": cps, "metadata": {"image": compute["attributes"].get("image")}})
        vnfc_info.append({"id": f"{compute['descriptor_id']}-{vnfc_id}",
                          "vduId": compute["descriptor_id"], "vnfcResourceInfoId": vnfc_id,
                          "vnfcState": "STARTED"})
    storages = [{"id": r["uuid"], "virtualStorageDescId": r["descriptor_id"],
                 "storageResource": _handle(r, vim_id)} for r in rows if r["kind"] == "storage"]
    links = [{"id": r["uuid"], "vnfVirtualLinkDescId": r["descriptor_id"],
              "networkResource": _handle(r, vim_id),
              "vnfLinkPorts": _ports(rows, vim_id, r["descriptor_id"])}
             for r in rows if r["kind"] == "network"]
    managed = [{"id": r["attributes"]["id"], "vnfVirtualLinkDescId": r["descriptor_id"],
                "networkResource": {"resourceId": r["attributes"].get("resourceId")},
                "vnfLinkPorts": _ports(rows, vim_id, r["descriptor_id"])}
               for r in rows if r["kind"] == "mgdvl"]
    ext_info = [{"id": r["descriptor_id"],
                 "resourceHandle": {"resourceId": r["attributes"].get("resourceId")},
                 "extLinkPorts": ext_ports.get(r["descriptor_id"], []),
                 "currentVnfExtCpData": r["attributes"].get("extCps") or []} for r in extvls]
    return {"vnfcResourceInfo": vnfcs, "virtualStorageResourceInfo": storages,
            "vnfVirtualLinkResourceInfo": links, "extCpInfo": ext_cp_info,
            "extVirtualLinkInfo": ext_info, "extManagedVirtualLinkInfo": managed,
            "vnfcInfo": vnfc_info}
