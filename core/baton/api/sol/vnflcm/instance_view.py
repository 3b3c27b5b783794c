"""``VnfInstance`` (SOL003 v3.3.1 5.5.2.2) as the API shows it.

The representation comes from the instance record (:func:`document`), gets its ``_links``
(as Tacker v2 gives them: ``instantiate`` while NOT_INSTANTIATED; ``terminate``, ``scale``,
``heal``, ``changeExtConn`` once INSTANTIATED) and loses the VIM credentials.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from baton.api.sol import attributes as a
from baton.api.sol.vnflcm import records
from baton.api.sol.vnflcm.secrets import scrub_vim_connections

__all__ = ["COLUMNS", "DEFAULT_EXCLUDED", "MANDATORY", "SCHEMA", "instance_url", "render"]

PREFIX = "/vnflcm/v2"

_LINK: a.Schema = {"href": a.STRING}
_HANDLE: a.Schema = {"vimConnectionId": a.STRING, "resourceProviderId": a.STRING,
                     "resourceId": a.STRING, "vimLevelResourceType": a.STRING}
_CP_PROTOCOL: a.Schema = {"layerProtocol": a.STRING, "ipOverEthernet": a.MAP}

#: VnfInstance as filters and selectors see it.
SCHEMA: a.Schema = {
    "id": a.STRING,
    "vnfInstanceName": a.STRING,
    "vnfInstanceDescription": a.STRING,
    "vnfdId": a.STRING,
    "vnfProvider": a.STRING,
    "vnfProductName": a.STRING,
    "vnfSoftwareVersion": a.STRING,
    "vnfdVersion": a.STRING,
    "vnfConfigurableProperties": a.MAP,
    "vimConnectionInfo": a.MAP,
    "instantiationState": a.STRING,
    "instantiatedVnfInfo": {
        "flavourId": a.STRING,
        "vnfState": a.STRING,
        "scaleStatus": [{"aspectId": a.STRING, "vnfdId": a.STRING, "scaleLevel": a.NUMBER}],
        "maxScaleLevels": [{"aspectId": a.STRING, "vnfdId": a.STRING,
                            "scaleLevel": a.NUMBER}],
        "extCpInfo": [{"id": a.STRING, "cpdId": a.STRING, "cpConfigId": a.STRING,
                       "vnfdId": a.STRING, "cpProtocolInfo": [_CP_PROTOCOL],
                       "extLinkPortId": a.STRING, "metadata": a.MAP,
                       "associatedVnfcCpId": a.STRING, "associatedVipCpId": a.STRING,
                       "associatedVnfVirtualLinkId": a.STRING}],
        "extVirtualLinkInfo": [{"id": a.STRING, "resourceHandle": _HANDLE,
                                "extLinkPorts": [{"id": a.STRING, "resourceHandle": _HANDLE,
                                                  "cpInstanceId": a.STRING}],
                                "currentVnfExtCpData": [{"cpdId": a.STRING,
                                                         "cpConfig": a.MAP}]}],
        "extManagedVirtualLinkInfo": [{"id": a.STRING, "vnfVirtualLinkDescId": a.STRING,
                                       "vnfdId": a.STRING, "networkResource": _HANDLE,
                                       "vnfLinkPorts": [a.MAP],
                                       "extManagedMultisiteVirtualLinkId": a.STRING}],
        "monitoringParameters": [a.MAP],
        "localizationLanguage": a.STRING,
        "vnfcResourceInfo": [{"id": a.STRING, "vduId": a.STRING, "vnfdId": a.STRING,
                              "computeResource": _HANDLE, "zoneId": a.STRING,
                              "storageResourceIds": [a.STRING],
                              "reservationId": a.STRING, "vnfcCpInfo": [a.MAP],
                              "metadata": a.MAP}],
        "vnfVirtualLinkResourceInfo": [{"id": a.STRING, "vnfVirtualLinkDescId": a.STRING,
                                        "vnfdId": a.STRING, "networkResource": _HANDLE,
                                        "zoneId": a.STRING, "reservationId": a.STRING,
                                        "vnfLinkPorts": [a.MAP], "metadata": a.MAP}],
        "virtualStorageResourceInfo": [{"id": a.STRING, "virtualStorageDescId": a.STRING,
                                        "vnfdId": a.STRING, "storageResource": _HANDLE,
                                        "zoneId": a.STRING, "reservationId": a.STRING,
                                        "metadata": a.MAP}],
        "vnfcInfo": [{"id": a.STRING, "vduId": a.STRING, "vnfcResourceInfoId": a.STRING,
                      "vnfcState": a.STRING, "vnfcConfigurableProperties": a.MAP}],
        "metadata": a.MAP,
    },
    "metadata": a.MAP,
    "extensions": a.MAP,
    "_links": {name: _LINK for name in (
        "self", "indicators", "instantiate", "terminate", "scale", "scaleToLevel",
        "changeFlavour", "heal", "operate", "changeExtConn", "createSnapshot",
        "revertToSnapshot")},
}

#: SOL003 5.4.2.3.2: what a list leaves out unless asked.
DEFAULT_EXCLUDED = ("vnfConfigurableProperties", "vimConnectionInfo", "instantiatedVnfInfo",
                    "metadata", "extensions")
MANDATORY = ("_links",)

#: Simple attributes a filter can test in the database (attribute -> repository filter).
COLUMNS = {
    "id": "id",
    "vnfInstanceName": "vnfInstanceName",
    "vnfdId": "vnfdId",
    "vnfProvider": "vnfProvider",
    "vnfProductName": "vnfProductName",
    "vnfSoftwareVersion": "vnfSoftwareVersion",
    "vnfdVersion": "vnfdVersion",
    "instantiationState": "instantiationState",
}

#: The order SOL003 lists the attributes in (and Tacker answers them).
_ORDER = ("id", "vnfInstanceName", "vnfInstanceDescription", "vnfdId", "vnfProvider",
          "vnfProductName", "vnfSoftwareVersion", "vnfdVersion", "vnfConfigurableProperties",
          "vimConnectionInfo", "instantiationState", "instantiatedVnfInfo", "metadata",
          "extensions")


def instance_url(base_url: str, instance_id: str) -> str:
    return f"{base_url}{PREFIX}/vnf_instances/{instance_id}"


def _links(url: str, state: str) -> dict[str, Any]:
    links: dict[str, Any] = {"self": {"href": url}}
    if state == "NOT_INSTANTIATED":
        links["instantiate"] = {"href": f"{url}/instantiate"}
    else:
        for name, path in (("terminate", "terminate"), ("scale", "scale"),
                           ("heal", "heal"), ("changeExtConn", "change_ext_conn")):
            links[name] = {"href": f"{url}/{path}"}
    return links


def render(record: Mapping[str, Any], base_url: str) -> dict[str, Any]:
    """The VnfInstance of an instance record (links under ``base_url``)."""
    doc = records.instance_document(record)
    info: dict[str, Any] = {}
    for name in _ORDER:
        value = doc.get(name)
        if value is not None:
            info[name] = value
    for name in ("vnfConfigurableProperties", "metadata", "extensions"):
        info.setdefault(name, {})
    if "vimConnectionInfo" in info:
        info["vimConnectionInfo"] = scrub_vim_connections(info["vimConnectionInfo"])
    if info.get("instantiationState") != "INSTANTIATED":
        info.pop("instantiatedVnfInfo", None)
    info["_links"] = _links(instance_url(base_url, info["id"]),
                            info.get("instantiationState", "NOT_INSTANTIATED"))
    return info
