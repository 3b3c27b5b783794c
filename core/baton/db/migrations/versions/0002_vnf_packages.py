"""VNF packages (ETSI NFV-SOL005 package management).

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('vnf_packages',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('uuid', sa.String(length=36), nullable=False),
        sa.Column('onboarding_state', sa.String(length=16), nullable=False),
        sa.Column('operational_state', sa.String(length=16), nullable=False),
        sa.Column('usage_state', sa.String(length=16), nullable=False),
        sa.Column('user_defined_data', sa.Text(), nullable=False),
        sa.Column('vnfd_id', sa.String(length=255), nullable=True),
        sa.Column('vnf_provider', sa.String(length=255), nullable=True),
        sa.Column('vnf_product_name', sa.String(length=255), nullable=True),
        sa.Column('vnf_software_version', sa.String(length=255), nullable=True),
        sa.Column('vnfd_version', sa.String(length=255), nullable=True),
        sa.Column('checksum', sa.Text(), nullable=True),
        sa.Column('software_images', sa.Text(), nullable=False),
        sa.Column('additional_artifacts', sa.Text(), nullable=False),
        sa.Column('onboarding_failure_details', sa.Text(), nullable=True),
        sa.Column('package_security_option', sa.String(length=16), nullable=True),
        sa.Column('signing_certificate', sa.Text(), nullable=True),
        sa.Column('content_ref', sa.String(length=128), nullable=True),
        sa.Column('size', sa.BigInteger(), nullable=True),
        sa.Column('vnfd', sa.Text(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_vnf_packages')),
        sa.UniqueConstraint('uuid', name=op.f('uniq_vnf_packages0uuid')),
        sa.UniqueConstraint('vnfd_id', name=op.f('uniq_vnf_packages0vnfd_id'))
    )
    op.create_index('ix_vnf_packages_content_ref', 'vnf_packages', ['content_ref'])
    op.create_index('ix_vnf_packages_onboarding_state', 'vnf_packages', ['onboarding_state'])


def downgrade() -> None:
    op.drop_table('vnf_packages')
