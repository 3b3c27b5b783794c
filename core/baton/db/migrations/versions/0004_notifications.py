"""VNF LCM notification subscriptions, their filter terms, and the notification outbox.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_FLAGS = ("has_vnfd_ids", "has_products", "has_instance_ids", "has_instance_names",
          "has_notification_types", "has_operation_types", "has_operation_states")


def upgrade() -> None:
    op.create_table('lccn_subscriptions',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('uuid', sa.String(length=36), nullable=False),
        sa.Column('callback_uri', sa.Text(), nullable=False),
        sa.Column('filter', sa.Text(), nullable=True),
        sa.Column('authentication', sa.Text(), nullable=True),
        sa.Column('verbosity', sa.String(length=8), nullable=False),
        sa.Column('digest', sa.String(length=64), nullable=False),
        *[sa.Column(flag, sa.Boolean(), nullable=False) for flag in _FLAGS],
        sa.Column('delivery_owner', sa.String(length=255), nullable=True),
        sa.Column('delivery_lease_expires_at', sa.DateTime(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_lccn_subscriptions')),
        sa.UniqueConstraint('uuid', name=op.f('uniq_lccn_subscriptions0uuid')),
        sa.UniqueConstraint('digest', name=op.f('uniq_lccn_subscriptions0digest')),
    )
    op.create_table('lccn_subscription_filters',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('subscription_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=32), nullable=False),
        sa.Column('value', sa.String(length=255), nullable=False),
        sa.Column('product_name', sa.String(length=255), nullable=True),
        sa.Column('software_version', sa.String(length=255), nullable=True),
        sa.Column('vnfd_version', sa.String(length=255), nullable=True),
        sa.ForeignKeyConstraint(
            ['subscription_id'], ['lccn_subscriptions.id'], ondelete='CASCADE',
            name=op.f('fk_lccn_subscription_filters_subscription_id_lccn_subscriptions')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_lccn_subscription_filters')),
    )
    op.create_index('ix_lccn_subscription_filters_kind_value', 'lccn_subscription_filters',
                    ['kind', 'value', 'subscription_id'])
    op.create_index('ix_lccn_subscription_filters_subscription_id',
                    'lccn_subscription_filters', ['subscription_id'])
    op.create_table('notification_outbox',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('uuid', sa.String(length=36), nullable=False),
        sa.Column('subscription_id', sa.Integer(), nullable=False),
        sa.Column('notification_type', sa.String(length=64), nullable=False),
        sa.Column('vnf_instance_id', sa.String(length=64), nullable=True),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('state', sa.String(length=16), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('next_attempt_at', sa.DateTime(), nullable=False),
        sa.Column('last_attempt_at', sa.DateTime(), nullable=True),
        sa.Column('delivered_at', sa.DateTime(), nullable=True),
        sa.Column('last_error', sa.Text(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ['subscription_id'], ['lccn_subscriptions.id'], ondelete='CASCADE',
            name=op.f('fk_notification_outbox_subscription_id_lccn_subscriptions')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_notification_outbox')),
        sa.UniqueConstraint('uuid', name=op.f('uniq_notification_outbox0uuid')),
    )
    op.create_index('ix_notification_outbox_subscription_state', 'notification_outbox',
                    ['subscription_id', 'state', 'id'])
    op.create_index('ix_notification_outbox_state_next', 'notification_outbox',
                    ['state', 'next_attempt_at'])


def downgrade() -> None:
    op.drop_table('notification_outbox')
    op.drop_table('lccn_subscription_filters')
    op.drop_table('lccn_subscriptions')
