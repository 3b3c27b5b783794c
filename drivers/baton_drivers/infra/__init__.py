"""Infra drivers: create and remove VNF resources on a VIM, chosen by vimType."""
