"""The root of every driver interface, and the decorators that declare steps and passthru.

A driver interface is an :class:`abc.ABC`: a third-party implementation that forgets an
abstract method fails when it is loaded, not when a user first calls it.
"""

from __future__ import annotations

import abc
import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, TypeVar

from oslo_config import cfg

from baton import errors
from baton.interfaces.types import NodeInfo, StepInfo

__all__ = [
    "BaseInterface",
    "PassthruInfo",
    "clean_step",
    "deploy_step",
    "driver_passthru",
    "passthru",
]

F = TypeVar("F", bound=Callable[..., Any])

_STEP_ATTR = "_baton_steps"
_PASSTHRU_ATTR = "_baton_passthru"


class BaseInterface(abc.ABC):
    """Common to every bare-metal driver interface.

    ``interface_type`` names the family (``power``, ``boot``, ...); the loader checks an
    implementation loaded from ``baton.hardware.interfaces.<family>`` against it.
    """

    interface_type: ClassVar[str] = "base"
    #: Set to False on implementations that should load but are not meant for production.
    supported: ClassVar[bool] = True

    def __init__(self, conf: cfg.ConfigOpts) -> None:
        self.conf = conf
        self.register_opts(conf)

    @classmethod  # noqa: B027 - an optional hook, empty on purpose
    def register_opts(cls, conf: cfg.ConfigOpts) -> None:
        """Register the option groups this implementation reads; the default has none.

        Called once per loaded implementation, before any method; registering the same
        options twice is harmless in oslo.config.
        """

    @abc.abstractmethod
    def get_properties(self) -> dict[str, str]:
        """Return the ``driver_info`` keys this interface reads, with a description each.

        Mark required ones with ``Required.`` at the start of the description, as Ironic does.
        """

    @abc.abstractmethod
    def validate(self, node: NodeInfo) -> None:
        """Check that ``node`` holds what this interface needs, without touching hardware.

        Raise :class:`baton.errors.InvalidParameterValue` or
        :class:`baton.errors.MissingParameterValue` naming the field.
        """

    # -- steps -----------------------------------------------------------------------
    def _steps(self, kind: str) -> list[StepInfo]:
        found = []
        for name, member in inspect.getmembers(type(self), inspect.isfunction):
            for meta in getattr(member, _STEP_ATTR, ()):
                if meta["kind"] == kind:
                    found.append(
                        StepInfo(
                            interface=self.interface_type,
                            step=name,
                            priority=meta["priority"],
                            argsinfo=meta["argsinfo"],
                            abortable=meta["abortable"],
                            requires_ramdisk=meta["requires_ramdisk"],
                            safe_to_repeat=meta["safe_to_repeat"],
                        )
                    )
        return sorted(found, key=lambda s: (-s.priority, s.step))

    def get_clean_steps(self, node: NodeInfo) -> list[StepInfo]:
        """The clean steps this interface offers for ``node`` (decorated with @clean_step)."""
        return self._steps("clean")

    def get_deploy_steps(self, node: NodeInfo) -> list[StepInfo]:
        """The deploy steps this interface offers for ``node`` (decorated with @deploy_step)."""
        return self._steps("deploy")

    def execute_step(self, node: NodeInfo, step: str, args: Mapping[str, Any]) -> Any:
        """Run the step method ``step`` with its arguments; its return value is passed on."""
        method = getattr(self, step, None)
        if method is None or not getattr(method, _STEP_ATTR, None):
            raise errors.InvalidParameterValue(
                err=f"{self.interface_type} interface has no step {step!r}"
            )
        return method(node, **dict(args))

    # -- passthru ---------------------------------------------------------------------
    def passthru_methods(self, *, driver_level: bool = False) -> dict[str, PassthruInfo]:
        """The vendor passthru methods this interface exposes (node or driver level)."""
        found: dict[str, PassthruInfo] = {}
        for name, member in inspect.getmembers(type(self), inspect.isfunction):
            info: PassthruInfo | None = getattr(member, _PASSTHRU_ATTR, None)
            if info is not None and info.driver_level == driver_level:
                found[name] = info
        return found


def _step(kind: str, priority: int, argsinfo: Mapping[str, Mapping[str, Any]] | None,
          abortable: bool, requires_ramdisk: bool, safe_to_repeat: bool) -> Callable[[F], F]:
    if not isinstance(priority, int) or priority < 0:
        raise ValueError(f"{kind} step priority must be a non-negative integer, got {priority!r}")

    def decorate(func: F) -> F:
        metas = list(getattr(func, _STEP_ATTR, ()))
        metas.append({
            "kind": kind,
            "priority": priority,
            "argsinfo": argsinfo,
            "abortable": abortable,
            "requires_ramdisk": requires_ramdisk,
            "safe_to_repeat": safe_to_repeat,
        })
        setattr(func, _STEP_ATTR, tuple(metas))
        return func

    return decorate


def clean_step(priority: int, *, argsinfo: Mapping[str, Mapping[str, Any]] | None = None,
               abortable: bool = False, requires_ramdisk: bool = True,
               safe_to_repeat: bool = True) -> Callable[[F], F]:
    """Declare a method ``(self, node, **args)`` as a clean step.

    ``priority`` 0 means "manual cleaning only"; ``argsinfo`` maps argument names to
    ``{"description": ..., "required": bool}``.
    """
    return _step("clean", priority, argsinfo, abortable, requires_ramdisk, safe_to_repeat)


def deploy_step(priority: int, *, argsinfo: Mapping[str, Mapping[str, Any]] | None = None,
                requires_ramdisk: bool = True, safe_to_repeat: bool = True) -> Callable[[F], F]:
    """Declare a method ``(self, node, **args)`` as a deploy step."""
    return _step("deploy", priority, argsinfo, False, requires_ramdisk, safe_to_repeat)


@dataclass(frozen=True)
class PassthruInfo:
    """How a vendor passthru method is exposed."""

    http_methods: tuple[str, ...]
    async_call: bool = True
    description: str = ""
    attach: bool = False
    require_exclusive_lock: bool = True
    driver_level: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "http_methods": list(self.http_methods),
            "async": self.async_call,
            "description": self.description,
            "attach": self.attach,
            "require_exclusive_lock": self.require_exclusive_lock,
        }


def _passthru(http_methods: list[str], async_call: bool, description: str, attach: bool,
              require_exclusive_lock: bool, driver_level: bool) -> Callable[[F], F]:
    methods = tuple(m.upper() for m in http_methods)
    if not methods:
        raise ValueError("passthru needs at least one HTTP method")

    def decorate(func: F) -> F:
        setattr(func, _PASSTHRU_ATTR, PassthruInfo(
            http_methods=methods, async_call=async_call, description=description,
            attach=attach, require_exclusive_lock=require_exclusive_lock,
            driver_level=driver_level))
        return func

    return decorate


def passthru(http_methods: list[str], *, async_call: bool = True, description: str = "",
             attach: bool = False, require_exclusive_lock: bool = True) -> Callable[[F], F]:
    """Expose ``(self, node, method, http_method, **kwargs)`` on a node's vendor_passthru."""
    return _passthru(http_methods, async_call, description, attach, require_exclusive_lock,
                     False)


def driver_passthru(http_methods: list[str], *, async_call: bool = True, description: str = "",
                    attach: bool = False) -> Callable[[F], F]:
    """Expose ``(self, method, http_method, **kwargs)`` on a driver's vendor_passthru."""
    return _passthru(http_methods, async_call, description, attach, False, True)
