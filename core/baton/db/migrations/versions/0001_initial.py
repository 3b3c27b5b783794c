"""The initial schema: exactly baton.db.models as first released.

JSON documents are plain TEXT here (models.JSONText encodes them); migrations never import
the models, so that later model changes cannot change what an old migration does.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('chassis',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('uuid', sa.String(length=36), nullable=False),
        sa.Column('description', sa.String(length=255), nullable=True),
        sa.Column('extra', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_chassis')),
        sa.UniqueConstraint('uuid', name=op.f('uniq_chassis0uuid'))
    )
    op.create_table('conductors',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('hostname', sa.String(length=255), nullable=False),
        sa.Column('online', sa.Boolean(), nullable=False),
        sa.Column('conductor_group', sa.String(length=255), nullable=False),
        sa.Column('rpc_address', sa.String(length=255), nullable=False),
        sa.Column('rpc_version', sa.String(length=16), nullable=False),
        sa.Column('drivers', sa.Text(), nullable=False),
        sa.Column('heartbeat_at', sa.DateTime(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_conductors')),
        sa.UniqueConstraint('hostname', name=op.f('uniq_conductors0hostname'))
    )
    op.create_table('operations',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('uuid', sa.String(length=36), nullable=False),
        sa.Column('kind', sa.String(length=64), nullable=False),
        sa.Column('target_type', sa.String(length=32), nullable=False),
        sa.Column('target_id', sa.String(length=64), nullable=False),
        sa.Column('state', sa.String(length=32), nullable=False),
        sa.Column('steps', sa.Text(), nullable=False),
        sa.Column('last_completed_step', sa.Integer(), nullable=False),
        sa.Column('params', sa.Text(), nullable=False),
        sa.Column('result', sa.Text(), nullable=True),
        sa.Column('error', sa.Text(), nullable=True),
        sa.Column('owner', sa.String(length=255), nullable=True),
        sa.Column('lease_expires_at', sa.DateTime(), nullable=True),
        sa.Column('owner_history', sa.Text(), nullable=False),
        sa.Column('started_at', sa.DateTime(), nullable=True),
        sa.Column('finished_at', sa.DateTime(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_operations')),
        sa.UniqueConstraint('uuid', name=op.f('uniq_operations0uuid'))
    )
    op.create_index('ix_operations_lease_expires_at', 'operations', ['lease_expires_at'])
    op.create_index('ix_operations_owner', 'operations', ['owner'])
    op.create_index('ix_operations_state_lease', 'operations', ['state', 'lease_expires_at'])
    op.create_index('ix_operations_target', 'operations', ['target_type', 'target_id'])

    op.create_table('nodes',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('uuid', sa.String(length=36), nullable=False),
        sa.Column('name', sa.String(length=255), nullable=True),
        sa.Column('driver', sa.String(length=255), nullable=False),
        sa.Column('bios_interface', sa.String(length=255), nullable=True),
        sa.Column('boot_interface', sa.String(length=255), nullable=True),
        sa.Column('console_interface', sa.String(length=255), nullable=True),
        sa.Column('deploy_interface', sa.String(length=255), nullable=True),
        sa.Column('firmware_interface', sa.String(length=255), nullable=True),
        sa.Column('inspect_interface', sa.String(length=255), nullable=True),
        sa.Column('management_interface', sa.String(length=255), nullable=True),
        sa.Column('network_interface', sa.String(length=255), nullable=True),
        sa.Column('power_interface', sa.String(length=255), nullable=True),
        sa.Column('raid_interface', sa.String(length=255), nullable=True),
        sa.Column('rescue_interface', sa.String(length=255), nullable=True),
        sa.Column('storage_interface', sa.String(length=255), nullable=True),
        sa.Column('vendor_interface', sa.String(length=255), nullable=True),
        sa.Column('chassis_id', sa.Integer(), nullable=True),
        sa.Column('driver_info', sa.Text(), nullable=False),
        sa.Column('driver_internal_info', sa.Text(), nullable=False),
        sa.Column('properties', sa.Text(), nullable=False),
        sa.Column('extra', sa.Text(), nullable=False),
        sa.Column('instance_uuid', sa.String(length=36), nullable=True),
        sa.Column('instance_info', sa.Text(), nullable=False),
        sa.Column('power_state', sa.String(length=15), nullable=True),
        sa.Column('target_power_state', sa.String(length=15), nullable=True),
        sa.Column('provision_state', sa.String(length=15), nullable=False),
        sa.Column('target_provision_state', sa.String(length=15), nullable=True),
        sa.Column('provision_updated_at', sa.DateTime(), nullable=True),
        sa.Column('maintenance', sa.Boolean(), nullable=False),
        sa.Column('maintenance_reason', sa.Text(), nullable=True),
        sa.Column('fault', sa.String(length=255), nullable=True),
        sa.Column('last_error', sa.Text(), nullable=True),
        sa.Column('reservation', sa.String(length=255), nullable=True),
        sa.Column('conductor_affinity', sa.Integer(), nullable=True),
        sa.Column('conductor_group', sa.String(length=255), nullable=False),
        sa.Column('console_enabled', sa.Boolean(), nullable=False),
        sa.Column('inspection_started_at', sa.DateTime(), nullable=True),
        sa.Column('inspection_finished_at', sa.DateTime(), nullable=True),
        sa.Column('clean_step', sa.Text(), nullable=True),
        sa.Column('deploy_step', sa.Text(), nullable=True),
        sa.Column('raid_config', sa.Text(), nullable=True),
        sa.Column('target_raid_config', sa.Text(), nullable=True),
        sa.Column('resource_class', sa.String(length=80), nullable=True),
        sa.Column('automated_clean', sa.Boolean(), nullable=True),
        sa.Column('protected', sa.Boolean(), nullable=False),
        sa.Column('protected_reason', sa.Text(), nullable=True),
        sa.Column('owner', sa.String(length=255), nullable=True),
        sa.Column('lessee', sa.String(length=255), nullable=True),
        sa.Column('description', sa.Text(), nullable=True),
        sa.Column('retired', sa.Boolean(), nullable=False),
        sa.Column('retired_reason', sa.Text(), nullable=True),
        sa.Column('network_data', sa.Text(), nullable=False),
        sa.Column('boot_mode', sa.String(length=16), nullable=True),
        sa.Column('secure_boot', sa.Boolean(), nullable=True),
        sa.Column('allocation_uuid', sa.String(length=36), nullable=True),
        sa.Column('traits', sa.Text(), nullable=False),
        sa.Column('revision', sa.Integer(), server_default='1', nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['chassis_id'], ['chassis.id'],
            name=op.f('fk_nodes_chassis_id_chassis')),
        sa.ForeignKeyConstraint(['conductor_affinity'], ['conductors.id'],
            name=op.f('fk_nodes_conductor_affinity_conductors')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_nodes')),
        sa.UniqueConstraint('instance_uuid', name=op.f('uniq_nodes0instance_uuid')),
        sa.UniqueConstraint('name', name=op.f('uniq_nodes0name')),
        sa.UniqueConstraint('uuid', name=op.f('uniq_nodes0uuid'))
    )
    op.create_index('ix_nodes_driver', 'nodes', ['driver'])
    op.create_index('ix_nodes_provision_state', 'nodes', ['provision_state'])
    op.create_index('ix_nodes_reservation', 'nodes', ['reservation'])

    op.create_table('node_history',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('uuid', sa.String(length=36), nullable=False),
        sa.Column('node_id', sa.Integer(), nullable=False),
        sa.Column('conductor', sa.String(length=255), nullable=True),
        sa.Column('event_type', sa.String(length=255), nullable=True),
        sa.Column('severity', sa.String(length=255), nullable=True),
        sa.Column('event', sa.Text(), nullable=True),
        sa.Column('user', sa.String(length=64), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['node_id'], ['nodes.id'],
            name=op.f('fk_node_history_node_id_nodes'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_node_history')),
        sa.UniqueConstraint('uuid', name=op.f('uniq_node_history0uuid'))
    )
    op.create_index('ix_node_history_node_id', 'node_history', ['node_id'])

    op.create_table('portgroups',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('uuid', sa.String(length=36), nullable=False),
        sa.Column('name', sa.String(length=255), nullable=True),
        sa.Column('node_id', sa.Integer(), nullable=False),
        sa.Column('address', sa.String(length=18), nullable=True),
        sa.Column('extra', sa.Text(), nullable=False),
        sa.Column('internal_info', sa.Text(), nullable=False),
        sa.Column('standalone_ports_supported', sa.Boolean(), nullable=False),
        sa.Column('mode', sa.String(length=255), nullable=True),
        sa.Column('properties', sa.Text(), nullable=False),
        sa.Column('physical_network', sa.String(length=64), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['node_id'], ['nodes.id'],
            name=op.f('fk_portgroups_node_id_nodes')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_portgroups')),
        sa.UniqueConstraint('address', name=op.f('uniq_portgroups0address')),
        sa.UniqueConstraint('name', name=op.f('uniq_portgroups0name')),
        sa.UniqueConstraint('uuid', name=op.f('uniq_portgroups0uuid'))
    )
    op.create_index('ix_portgroups_node_id', 'portgroups', ['node_id'])

    op.create_table('volume_connectors',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('uuid', sa.String(length=36), nullable=False),
        sa.Column('node_id', sa.Integer(), nullable=False),
        sa.Column('type', sa.String(length=32), nullable=False),
        sa.Column('connector_id', sa.String(length=255), nullable=False),
        sa.Column('extra', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['node_id'], ['nodes.id'],
            name=op.f('fk_volume_connectors_node_id_nodes')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_volume_connectors')),
        sa.UniqueConstraint('node_id', 'type', name=op.f('uniq_volume_connectors0node_id_type')),
        sa.UniqueConstraint('type', 'connector_id',
            name=op.f('uniq_volume_connectors0type_connector_id')),
        sa.UniqueConstraint('uuid', name=op.f('uniq_volume_connectors0uuid'))
    )
    op.create_table('volume_targets',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('uuid', sa.String(length=36), nullable=False),
        sa.Column('node_id', sa.Integer(), nullable=False),
        sa.Column('volume_type', sa.String(length=64), nullable=False),
        sa.Column('properties', sa.Text(), nullable=False),
        sa.Column('boot_index', sa.Integer(), nullable=False),
        sa.Column('volume_id', sa.String(length=36), nullable=False),
        sa.Column('extra', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['node_id'], ['nodes.id'],
            name=op.f('fk_volume_targets_node_id_nodes')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_volume_targets')),
        sa.UniqueConstraint('node_id', 'boot_index',
            name=op.f('uniq_volume_targets0node_id_boot_index')),
        sa.UniqueConstraint('uuid', name=op.f('uniq_volume_targets0uuid'))
    )
    op.create_table('ports',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('uuid', sa.String(length=36), nullable=False),
        sa.Column('name', sa.String(length=255), nullable=True),
        sa.Column('address', sa.String(length=18), nullable=False),
        sa.Column('node_id', sa.Integer(), nullable=False),
        sa.Column('portgroup_id', sa.Integer(), nullable=True),
        sa.Column('extra', sa.Text(), nullable=False),
        sa.Column('internal_info', sa.Text(), nullable=False),
        sa.Column('local_link_connection', sa.Text(), nullable=False),
        sa.Column('pxe_enabled', sa.Boolean(), nullable=False),
        sa.Column('physical_network', sa.String(length=64), nullable=True),
        sa.Column('is_smartnic', sa.Boolean(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['node_id'], ['nodes.id'], name=op.f('fk_ports_node_id_nodes')),
        sa.ForeignKeyConstraint(['portgroup_id'], ['portgroups.id'],
            name=op.f('fk_ports_portgroup_id_portgroups')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_ports')),
        sa.UniqueConstraint('address', name=op.f('uniq_ports0address')),
        sa.UniqueConstraint('name', name=op.f('uniq_ports0name')),
        sa.UniqueConstraint('uuid', name=op.f('uniq_ports0uuid'))
    )
    op.create_index('ix_ports_node_id', 'ports', ['node_id'])



def downgrade() -> None:
    op.drop_table('ports')
    op.drop_table('volume_targets')
    op.drop_table('volume_connectors')
    op.drop_table('portgroups')
    op.drop_table('node_history')
    op.drop_table('nodes')
    op.drop_table('operations')
    op.drop_table('conductors')
    op.drop_table('chassis')
