"""VNF instances (ETSI NFV-SOL003 VNF LCM) and the fake infra driver's resources.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('vnf_instances',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('uuid', sa.String(length=36), nullable=False),
        sa.Column('vnf_instance_name', sa.String(length=255), nullable=True),
        sa.Column('vnf_instance_description', sa.Text(), nullable=True),
        sa.Column('vnfd_id', sa.String(length=255), nullable=False),
        sa.Column('vnf_pkg_id', sa.String(length=36), nullable=False),
        sa.Column('vnf_provider', sa.String(length=255), nullable=False),
        sa.Column('vnf_product_name', sa.String(length=255), nullable=False),
        sa.Column('vnf_software_version', sa.String(length=255), nullable=False),
        sa.Column('vnfd_version', sa.String(length=255), nullable=False),
        sa.Column('instantiation_state', sa.String(length=16), nullable=False),
        sa.Column('vim_connection_info', sa.Text(), nullable=False),
        sa.Column('instantiated_vnf_info', sa.Text(), nullable=True),
        sa.Column('vnf_configurable_properties', sa.Text(), nullable=False),
        sa.Column('vnf_metadata', sa.Text(), nullable=False),
        sa.Column('extensions', sa.Text(), nullable=False),
        sa.Column('lcm_op_uuid', sa.String(length=36), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_vnf_instances')),
        sa.UniqueConstraint('uuid', name=op.f('uniq_vnf_instances0uuid'))
    )
    op.create_index('ix_vnf_instances_vnfd_id', 'vnf_instances', ['vnfd_id'])
    op.create_index('ix_vnf_instances_vnf_pkg_id', 'vnf_instances', ['vnf_pkg_id'])
    op.create_table('fake_vnf_resources',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('uuid', sa.String(length=36), nullable=False),
        sa.Column('vnf_instance_id', sa.String(length=36), nullable=False),
        sa.Column('kind', sa.String(length=16), nullable=False),
        sa.Column('descriptor_id', sa.String(length=255), nullable=False),
        sa.Column('parent_uuid', sa.String(length=36), nullable=True),
        sa.Column('attributes', sa.Text(), nullable=False),
        sa.Column('created_by', sa.String(length=36), nullable=False),
        sa.Column('deleted_by', sa.String(length=36), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_fake_vnf_resources')),
        sa.UniqueConstraint('uuid', name=op.f('uniq_fake_vnf_resources0uuid'))
    )
    op.create_index('ix_fake_vnf_resources_vnf_instance_id', 'fake_vnf_resources',
                    ['vnf_instance_id'])
    op.create_index('ix_fake_vnf_resources_created_by', 'fake_vnf_resources', ['created_by'])
    op.create_index('ix_fake_vnf_resources_deleted_by', 'fake_vnf_resources', ['deleted_by'])


def downgrade() -> None:
    op.drop_table('fake_vnf_resources')
    op.drop_table('vnf_instances')
