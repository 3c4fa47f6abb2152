"""The khen thưởng half: catalogue, register, eligibility, exemplars, nominations."""
