import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { PASSWORD_MAX_LENGTH } from '@zhuqi/accounts';
import { WellFormed } from '../http/text.validators';

/** Usernames: 2–64 letters, digits, `.`, `_` or `-` (grid01, handler-three_services). */
export const USERNAME = /^[A-Za-z0-9._-]{2,64}$/;

export class LoginRequest {
  @ApiProperty({ example: 'dispatcher' })
  @IsString() @Matches(USERNAME, { message: 'username must be 2–64 letters, digits, . _ or -' })
  username: string;

  @ApiProperty({ example: 'zhuqi-demo', format: 'password' })
  @IsString() @MinLength(1) @MaxLength(PASSWORD_MAX_LENGTH) @WellFormed()
  password: string;
}

export class RefreshRequest {
  @ApiProperty({ description: 'the refreshToken of the last login or refresh' })
  @IsString() @Matches(/^[0-9a-f-]{36}\.[A-Za-z0-9_-]{43}$/, { message: 'refreshToken is not a refresh token of this API' })
  refreshToken: string;
}
