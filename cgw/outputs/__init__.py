"""What leaves the product as files: the briefing report and the data and chart exports."""
