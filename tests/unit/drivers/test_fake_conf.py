"""The [fake] delay options: Ironic's formats, validation, and the sleep they cause."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from oslo_config import cfg

from baton.testing import make_test_conf
from baton_drivers import conf as fake_conf


@pytest.mark.parametrize(("value", "expected"), [
    ("0", (0.0, 0.0)),
    ("", (0.0, 0.0)),
    ("2", (2.0, 2.0)),
    ("0.5", (0.5, 0.5)),
    ("1:3", (1.0, 3.0)),
    ("1,3", (1.0, 3.0)),
    (" 3 : 1 ", (1.0, 3.0)),
])
def test_parse_delay(value: str, expected: tuple[float, float]) -> None:
    assert fake_conf.parse_delay(value) == expected


@pytest.mark.parametrize("value", ["1:2:3", "-1"])
def test_parse_delay_refuses(value: str) -> None:
    with pytest.raises(ValueError):
        fake_conf.parse_delay(value)


def test_list_opts_names_every_delay() -> None:
    [(group, opts)] = fake_conf.list_opts()
    assert group == "fake"
    assert sorted(opt.name for opt in opts) == sorted(
        f"{name}_delay" for name in (
            "power", "boot", "deploy", "vendor", "management", "inspect", "raid", "rescue",
            "bios", "firmware", "storage", "console"))
    assert all(opt.default == "0" for opt in opts)


def test_bad_delay_is_refused_by_the_option(tmp_path: Path) -> None:
    conf = make_test_conf(register=[fake_conf.register_opts])
    with pytest.raises(ValueError):
        conf.set_override("power_delay", "soon", group="fake")
    config_file = tmp_path / "baton.conf"
    config_file.write_text("[fake]\npower_delay = 1-2\n", encoding="utf-8")
    conf = cfg.ConfigOpts()
    fake_conf.register_opts(conf)
    conf(["--config-file", str(config_file)], default_config_files=[])
    with pytest.raises(cfg.ConfigFileValueError):
        conf.fake.power_delay  # noqa: B018 - reading validates


def test_range_delay_sleeps_within_range() -> None:
    conf = make_test_conf(register=[fake_conf.register_opts],
                          groups={"fake": {"boot_delay": "0.01:0.03"}})
    started = time.monotonic()
    fake_conf.sleep_for(conf, "boot")
    assert time.monotonic() - started >= 0.01
    # nothing configured: no sleep at all
    started = time.monotonic()
    fake_conf.sleep_for(conf, "power")
    assert time.monotonic() - started < 0.01


def test_options_register_once_per_conf() -> None:
    conf = cfg.ConfigOpts()
    fake_conf.register_opts(conf)
    fake_conf.register_opts(conf)
    conf([], default_config_files=[])
    assert conf.fake.deploy_delay == "0"
