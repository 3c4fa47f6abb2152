"""Documents the bot writes (DOCX), in the shapes of the decree's templates."""
